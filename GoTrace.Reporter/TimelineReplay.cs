using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace GoTrace.Reporter;

/// <summary>What a timeline format does with each call of one thread, in event order.</summary>
internal interface ITimelineVisitor
{
    /// <summary>A call of <paramref name="functionId"/> begins (depth 1 = outermost).</summary>
    void Open(int functionId, long ticks, int depth);

    /// <summary>The innermost open call ends (calls closed together arrive innermost first).</summary>
    void Close(int functionId, long enterTicks, long exitTicks, int depth);

    /// <summary>A work event (spawn, begin, end, async call, async complete) with <paramref name="depth"/> calls open.</summary>
    void Work(WorkWhat what, long workId, int functionId, long ticks, int depth);

    /// <summary>
    /// A count event: <paramref name="calls"/> calls of <paramref name="functionId"/> with no time, made by the innermost of
    /// the <paramref name="depth"/> open calls; <paramref name="ticks"/> is the time of the event before it.
    /// </summary>
    void Count(int functionId, long calls, long ticks, int depth);
}

/// <summary>
/// Replays one thread's events as opens and closes, with the same bracket rules as the call tree: an exit
/// matching a call further out closes the calls above it, an exit matching nothing is ignored, calls still open
/// at the end close at the end of the trace. Ticks never go backwards within a thread. Work events pass
/// through to the visitor in order and take no part in the bracketing. Count events (calls of counted functions,
/// with no time) go to the visitor's Count: a time line has nothing to show of them.
/// </summary>
internal sealed class TimelineReplay
{
    private readonly TraceFile _file;
    private readonly ulong[] _words;
    private (int Key, long EnterTicks)[] _frames = new (int, long)[256];

    public TimelineReplay(TraceFile file)
    {
        _file = file;
        _words = new ulong[file.EventBufferWords];
    }

    public ReplayCounts Counts { get; } = new();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run<TVisitor>(TraceThread thread, ref TVisitor visitor, long endTicks, ProgressCounter? progress)
        where TVisitor : struct, ITimelineVisitor
    {
        var frames = _frames;
        var depth = 0;
        long last = long.MinValue;
        long events = 0;
        long workEvents = 0; // their second words are not events
        var latest = Counts.LatestTicks;
        foreach (var chunk in thread.Chunks)
        {
            var count = _file.ReadEventWords(chunk, _words);
            var words = _words;
            var i = 0;
            for (; i < count; i++)
            {
                var word = words[i];
                var kind = (uint)word & 3;
                var key = (int)(word >> 2) & 0xFFFFFF;
                if (kind == EventWord.Count && word != EventWord.EndOfData)
                {
                    // Calls of a counted function: no clock value, nothing on a time line (OTLP counts them in their caller's span).
                    visitor.Count(key, EventWord.CountedCalls(_file, chunk, i, word), Math.Max(last, chunk.BaseTicks), depth);
                    continue;
                }

                var ticks = chunk.BaseTicks + (long)(word >> 26);
                latest = Math.Max(latest, ticks);
                ticks = Math.Max(ticks, last);
                last = ticks;
                if (kind == EventWord.Enter)
                {
                    if (depth == frames.Length)
                    {
                        Array.Resize(ref frames, frames.Length * 2);
                        _frames = frames;
                    }

                    frames[depth++] = (key, ticks);
                    visitor.Open(key, ticks, depth);
                }
                else if (kind == EventWord.Exit)
                {
                    var match = depth - 1;
                    while (match >= 0 && frames[match].Key != key)
                    {
                        match--;
                    }

                    if (match < 0)
                    {
                        Counts.IgnoredExits++;
                        continue;
                    }

                    Counts.ImplicitlyClosedCalls += depth - 1 - match;
                    while (depth > match)
                    {
                        var (closing, enter) = frames[--depth];
                        visitor.Close(closing, enter, ticks, depth + 1);
                    }
                }
                else if (kind == EventWord.Work)
                {
                    if (!WorkEvents.TryRead(words, count, i, chunk, out var what, out var id))
                    {
                        break;
                    }

                    visitor.Work(what, id, key, ticks, depth);
                    i++;
                    workEvents++;
                }
                else if (word == EventWord.EndOfData)
                {
                    break;
                }
                else
                {
                    throw EventWord.InvalidKind(chunk, i, word);
                }
            }

            events += i;
            progress?.Add(chunk.Length);
        }

        var end = Math.Max(endTicks, last);
        Counts.UnfinishedCalls += depth;
        while (depth > 0)
        {
            var (closing, enter) = frames[--depth];
            visitor.Close(closing, enter, end, depth + 1);
        }

        Counts.Events += events - workEvents;
        Counts.LatestTicks = latest;
    }
}
