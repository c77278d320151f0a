using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace GoTrace.Reporter;

/// <summary>
/// Replays the events of some threads into one <see cref="PathTable"/>: a stack of open calls per thread,
/// calls along the same path merged. One instance per worker; workers share nothing but the file.
/// </summary>
internal sealed class TreeReplay
{
    private readonly TraceFile _file;
    private readonly ulong[] _words;
    private readonly List<(int Node, long EnterTicks)> _open = new();

    // Frame 0 holds the root so a caller always exists; open calls are frames 1 .. depth-1.
    private Frame[] _frames = new Frame[256];

    public TreeReplay(TraceFile file)
    {
        _file = file;
        _words = new ulong[file.EventBufferWords];
    }

    public PathTable Table { get; } = new();

    public ReplayCounts Counts { get; } = new();

    /// <summary>Replays one thread; calls left open are kept for <see cref="CloseOpenCalls"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe void Run(TraceThread thread, ProgressCounter? progress)
    {
        var table = Table;
        var nodes = table.Nodes;
        var frames = _frames;
        frames[0] = new Frame { Node = 0, Key = -1 };
        var depth = 1;
        var latest = Counts.LatestTicks;
        long events = 0;
        var words = _words;
        var chunkBytes = _file.ChunkSize;
        foreach (var chunk in thread.Chunks)
        {
            var count = _file.ReadEventWords(chunk, words);
            var baseTicks = chunk.BaseTicks;
            fixed (ulong* start = words)
            {
                ref var frame0 = ref MemoryMarshal.GetArrayDataReference(frames);
                var i = 0;
                for (; i < count; i++)
                {
                    var word = start[i];
                    var kind = (uint)word & 3;
                    var key = (int)(word >> 2) & 0xFFFFFF;
                    var ticks = baseTicks + (long)(word >> 26);
                    if (kind == EventWord.Enter)
                    {
                        var caller = Unsafe.Add(ref frame0, depth - 1).Node;
                        var countBefore = table.Count;
                        var node = table.GetOrAdd(caller, key);
                        if (table.Count != countBefore)
                        {
                            nodes = table.Nodes;
                        }

                        nodes[node].Calls++;
                        if (depth == frames.Length)
                        {
                            Array.Resize(ref frames, frames.Length * 2);
                            _frames = frames;
                            frame0 = ref MemoryMarshal.GetArrayDataReference(frames);
                        }

                        ref var frame = ref Unsafe.Add(ref frame0, depth++);
                        frame.Node = node;
                        frame.Key = key;
                        frame.EnterTicks = ticks;
                    }
                    else if (kind == EventWord.Exit)
                    {
                        ref var top = ref Unsafe.Add(ref frame0, depth - 1);
                        if (top.Key == key)
                        {
                            nodes[top.Node].Ticks += Math.Max(0, ticks - top.EnterTicks);
                            depth--;
                        }
                        else
                        {
                            depth = ExitBelowTop(frames, depth, key, ticks, nodes);
                        }
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

                // Events of a thread are in time order: the chunk's last one is its latest.
                if (i > 0)
                {
                    latest = Math.Max(latest, baseTicks + (long)(start[i - 1] >> 26));
                }
            }

            progress?.Add(chunkBytes);
        }

        for (var d = 1; d < depth; d++)
        {
            _open.Add((frames[d].Node, frames[d].EnterTicks));
        }

        Counts.LatestTicks = latest;
        Counts.Events += events;
    }

    /// <summary>Closes the calls left open at <paramref name="endTicks"/>: they count until the end of the trace.</summary>
    public void CloseOpenCalls(long endTicks)
    {
        foreach (var (node, enter) in _open)
        {
            Table[node].Ticks += Math.Max(0, endTicks - enter);
            Table[node].Unfinished++;
        }

        Counts.UnfinishedCalls += _open.Count;
        _open.Clear();
    }

    /// <summary>
    /// An exit that does not match the innermost call: exits match enters like brackets, so a match
    /// further out closes the calls above it too; no match at all is ignored. Returns the new depth.
    /// </summary>
    private unsafe int ExitBelowTop(Frame[] frames, int depth, int key, long ticks, PathNode* nodes)
    {
        var match = depth - 2;
        while (match >= 1 && frames[match].Key != key)
        {
            match--;
        }

        if (match < 1)
        {
            Counts.IgnoredExits++;
            return depth;
        }

        Counts.ImplicitlyClosedCalls += depth - 1 - match;
        while (depth > match)
        {
            depth--;
            nodes[frames[depth].Node].Ticks += Math.Max(0, ticks - frames[depth].EnterTicks);
        }

        return depth;
    }

    private struct Frame
    {
        public int Node;
        public int Key;
        public long EnterTicks;
    }
}

/// <summary>Bytes of event chunks processed so far, shared by the workers and read by the progress display.</summary>
internal sealed class ProgressCounter
{
    private long _done;

    public ProgressCounter(long total)
    {
        Total = total;
    }

    public long Total { get; }

    public long Done => Interlocked.Read(ref _done);

    public void Add(long bytes) => Interlocked.Add(ref _done, bytes);
}
