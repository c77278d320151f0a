using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GoTrace.Reporter.Live;

/// <summary>
/// Follows a trace file that a running program is still writing (<c>gotrace top</c>). Each <see cref="Poll"/> opens
/// the file anew (<see cref="TraceFile.Open(string)"/>: a snapshot of its header, threads and chunks), reads only
/// what was written since the last poll — per thread, from the chunk and event where the last read stopped, through
/// <see cref="TraceFile.ReadEvents(TraceThread, bool)"/> on a view of the thread holding just that chunk — and
/// returns what happened in between. The file is opened read-only and never mapped: the program is not disturbed.
/// <para>
/// The first poll starts at each thread's latest chunk: what came before is history, not activity. In ring mode a
/// chunk can be reused before it was read: the thread then goes on from its next chunk, its open calls forgotten
/// (counted in <see cref="LiveFrame.Gaps"/>). A chunk still being written ends at its first zero word (the writer
/// publishes each event with its store), so a later poll reads on from the same event.
/// </para>
/// </summary>
public sealed class LiveTrace
{
    private readonly Dictionary<int, LiveThreadState> _threads = new();
    private readonly LiveCalls _calls = new();
    private LiveInterval? _interval;
    private long _latestTicks = long.MinValue;
    private long _gaps;

    public LiveTrace(string path) => Path = path;

    public string Path { get; }

    /// <summary>
    /// Reads what was written since the last poll. Returns null on the first poll (it only finds where to start), and
    /// when the file is not a trace yet (the program has not written its header): then <paramref name="problem"/> says why.
    /// </summary>
    public LiveFrame? Poll(out string? problem)
    {
        TraceFile file;
        try
        {
            file = TraceFile.Open(Path);
        }
        catch (Exception e) when (e is TraceFormatException or IOException or UnauthorizedAccessException)
        {
            problem = e.Message;
            return null;
        }

        problem = null;
        using (file)
        {
            var first = _interval == null;
            var interval = _interval ?? new LiveInterval(long.MaxValue);
            foreach (var thread in file.Threads)
            {
                if (thread.ChunkCount > 0)
                {
                    Read(file, thread, interval, first);
                }
            }

            // The end of the interval: now, on the trace's clock (or the writer's end), and never before an event read.
            var now = file.IsComplete && file.EndTicks != 0
                ? file.EndTicks
                : file.StartTicks + (long)((DateTimeOffset.UtcNow - file.StartTime).TotalSeconds * file.ClockFrequency);
            var end = Math.Max(now, _latestTicks);
            if (first)
            {
                _interval = new LiveInterval(end);
                return null;
            }

            foreach (var thread in _threads.Values)
            {
                thread.Close(interval, end);
            }

            _calls.Close(interval, end);
            var labels = ThreadLabels.For(file.Threads).ToDictionary(pair => pair.Key.ThreadIndex, pair => pair.Value + (pair.Key.IsThreadPool ? " [pool]" : string.Empty));
            var frame = interval.ToFrame(file, end, labels, file.IsComplete, _gaps);
            _interval = new LiveInterval(end);
            return frame;
        }
    }

    private void Read(TraceFile file, TraceThread thread, LiveInterval interval, bool first)
    {
        if (!_threads.TryGetValue(thread.ThreadIndex, out var state))
        {
            state = new LiveThreadState(thread.ThreadIndex);
            _threads.Add(thread.ThreadIndex, state);
        }

        var chunks = thread.Chunks;
        var start = 0;
        var skip = 0;
        if (state.Position is { } position)
        {
            start = chunks.FindIndex(c => c.Sequence >= position.Sequence);
            if (start < 0)
            {
                return; // nothing new
            }

            if (chunks[start].Sequence == position.Sequence)
            {
                skip = position.Events;
            }
            else
            {
                state.Lose();
                _gaps++;
            }
        }
        else if (first)
        {
            start = chunks.Count - 1; // history before the latest chunk is not activity
        }

        for (var c = start; c < chunks.Count; c++)
        {
            var view = new TraceThread(thread.ThreadIndex);
            view.Chunks.Add(chunks[c]);
            var read = 0;
            try
            {
                foreach (var e in file.ReadEvents(view, withWork: true))
                {
                    if (read++ < skip)
                    {
                        continue;
                    }

                    _latestTicks = Math.Max(_latestTicks, e.Ticks);
                    Apply(state, e, interval);
                }
            }
            catch (TraceFormatException)
            {
                // The chunk changed hands while it was read (ring mode): go on from the next one.
                state.Lose();
                _gaps++;
            }

            state.Position = (chunks[c].Sequence, read);
            skip = 0;
        }
    }

    private void Apply(LiveThreadState state, TraceEvent e, LiveInterval interval)
    {
        switch (e.Kind)
        {
            case TraceEventKind.Enter:
                state.Enter(e.FunctionId, e.Ticks, _calls);
                break;
            case TraceEventKind.Exit:
                state.Exit(e.FunctionId, e.Ticks, interval);
                break;
            case TraceEventKind.Count:
                interval.Counted(state, e.FunctionId, e.Calls);
                break;
            default:
                switch (e.What)
                {
                    case WorkWhat.AsyncCall:
                        _calls.Called(state, e.WorkId, e.FunctionId, e.Ticks, interval);
                        state.OtherWork();
                        break;
                    case WorkWhat.Begin:
                        state.Begin(_calls.FunctionOf(e.WorkId));
                        break;
                    case WorkWhat.AsyncComplete:
                        _calls.Completed(e.WorkId, e.Ticks, interval);
                        state.OtherWork();
                        break;
                    default:
                        state.OtherWork();
                        break;
                }

                break;
        }
    }
}
