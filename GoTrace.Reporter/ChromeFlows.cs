using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace GoTrace.Reporter;

/// <summary>
/// Learns, while one thread's calls are written as <c>X</c> events, which slices work links: the slice that
/// started each piece of work (spawn, async call) and the first slice of each run of it (a begin … end
/// segment). A binding is settled when the bound frame closes, because only then is it known whether
/// <c>--depth</c> and <c>--min-duration</c> let the frame through: a start whose frame is left out moves to
/// the nearest enclosing frame that is shown; a run whose first frame is left out gets no flow. An async
/// call's first run is left alone (it is its caller's child on the same thread already), and an async call
/// that completes in it links nothing and gets no span: only work that went elsewhere does.
/// </summary>
internal sealed class ChromeFlowRecorder
{
    private readonly int _tid;
    private readonly int _maxDepth;

    // Frames still open whose close settles a binding, outermost first; their depths strictly increase.
    private readonly List<Watch> _watches = new();

    // Segments of work running on this thread, innermost last.
    private Segment[] _segments = new Segment[8];
    private int _segmentCount;

    // The async call just made, until the next work event (its first run's begin).
    private long _calledWork;
    private AsyncCallSite _called;
    private long _beginWork;
    private int _beginDepth;

    public ChromeFlowRecorder(int tid, int maxDepth)
    {
        _tid = tid;
        _maxDepth = maxDepth;
    }

    /// <summary>The thread's id in the JSON.</summary>
    public int Tid => _tid;

    /// <summary>Starts of work bound to a shown slice: its start time, on this thread.</summary>
    public List<WorkStart> Starts { get; } = new();

    /// <summary>Runs of work (other than an async call's first) bound to their first shown slice, on this thread.</summary>
    public List<WorkRun> Runs { get; } = new();

    /// <summary>Async calls made on this thread that did not complete in their first run.</summary>
    public List<AsyncCallSite> AsyncCalls { get; } = new();

    /// <summary>Async calls that completed on this thread, after their first run.</summary>
    public List<AsyncCompletion> Completions { get; } = new();

    /// <summary>A begin waits for the next call to open: the run's first frame.</summary>
    public bool BeginPending { get; private set; }

    /// <summary>The depth whose next close settles a binding, 0 when none does.</summary>
    public int WatchedDepth { get; private set; }

    /// <summary>A work event with <paramref name="depth"/> calls open; returns <see cref="WatchedDepth"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one call per work event, from the first
    public int Work(WorkWhat what, long workId, int functionId, long nanos, int depth)
    {
        if (what == WorkWhat.Activity)
        {
            return WatchedDepth; // says nothing about flows
        }

        var called = _calledWork;
        _calledWork = 0;
        BeginPending = false;
        switch (what)
        {
            case WorkWhat.Spawn:
                WatchStart(new PendingStart(workId, what), Math.Min(depth, _maxDepth));
                break;
            case WorkWhat.AsyncCall:
                // Its start is watched only once its first run ends unfinished (the caller is still open then).
                _calledWork = workId;
                _called = new AsyncCallSite(workId, _tid, nanos, functionId, depth);
                break;
            case WorkWhat.Begin:
                // The format puts an async call's first run right after the call, on the same thread.
                if (_segmentCount == _segments.Length)
                {
                    Array.Resize(ref _segments, _segments.Length * 2);
                }

                ref var begun = ref _segments[_segmentCount++];
                begun.WorkId = workId;
                begun.FirstRun = called == workId;
                begun.CompletedInFirstRun = false;
                if (begun.FirstRun)
                {
                    begun.Call = _called;
                }
                else
                {
                    _beginWork = workId;
                    _beginDepth = depth;
                    BeginPending = true;
                }

                break;
            case WorkWhat.AsyncComplete:
                if (_segmentCount > 0 && _segments[_segmentCount - 1].WorkId == workId && _segments[_segmentCount - 1].FirstRun)
                {
                    _segments[_segmentCount - 1].CompletedInFirstRun = true;
                }
                else
                {
                    Completions.Add(new AsyncCompletion(workId, _tid, nanos));
                }

                break;
            case WorkWhat.End:
                Ended(workId);
                break;
        }

        return WatchedDepth;
    }

    /// <summary>The first call opened after a begin, at <paramref name="depth"/>; returns <see cref="WatchedDepth"/>.</summary>
    public int Opened(int depth)
    {
        BeginPending = false;
        if (depth == _beginDepth + 1 && depth <= _maxDepth)
        {
            WatchAt(depth).Run = _beginWork;
        }

        return WatchedDepth;
    }

    /// <summary>The watched frame at <paramref name="depth"/> closed; returns <see cref="WatchedDepth"/>.</summary>
    public int Closed(int depth, bool shown, long startNanos)
    {
        var watch = _watches[^1];
        _watches.RemoveAt(_watches.Count - 1);
        WatchedDepth = _watches.Count == 0 ? 0 : _watches[^1].Depth;
        if (shown)
        {
            if (watch.Run is { } run)
            {
                Runs.Add(new WorkRun(run, _tid, startNanos));
            }

            foreach (var start in watch.Starts ?? new List<PendingStart>(0))
            {
                Starts.Add(new WorkStart(start.WorkId, start.What, _tid, startNanos));
            }
        }
        else if (watch.Starts != null)
        {
            // Bind to the enclosing frame instead; the outermost frame has none.
            foreach (var start in watch.Starts)
            {
                WatchStart(start, depth - 1);
            }
        }

        return WatchedDepth;
    }

    /// <summary>A segment ended: an async call's first run decides whether the call went elsewhere.</summary>
    private void Ended(long workId)
    {
        var at = _segmentCount - 1;
        while (at >= 0 && _segments[at].WorkId != workId)
        {
            at--; // only a malformed trace skips segments
        }

        if (at < 0)
        {
            return;
        }

        _segmentCount = at;
        ref var ended = ref _segments[at];

        // An async call that completed in its first run has no other run and no span of its own.
        if (ended.FirstRun && !ended.CompletedInFirstRun)
        {
            AsyncCalls.Add(ended.Call);
            WatchStart(new PendingStart(workId, WorkWhat.AsyncCall), Math.Min(ended.Call.Depth, _maxDepth));
        }
    }

    private void WatchStart(PendingStart start, int depth)
    {
        if (depth >= 1)
        {
            (WatchAt(depth).Starts ??= new List<PendingStart>()).Add(start);
        }
    }

    /// <summary>The watch of the open frame at <paramref name="depth"/>, made when missing (order kept).</summary>
    private Watch WatchAt(int depth)
    {
        var at = _watches.Count;
        while (at > 0 && _watches[at - 1].Depth > depth)
        {
            at--; // only a malformed trace gets here
        }

        if (at > 0 && _watches[at - 1].Depth == depth)
        {
            return _watches[at - 1];
        }

        var watch = new Watch(depth);
        _watches.Insert(at, watch);
        WatchedDepth = _watches[^1].Depth;
        return watch;
    }

    /// <summary>An open frame whose close settles bindings: the run it begins, the starts made inside it.</summary>
    private sealed class Watch
    {
        public Watch(int depth) => Depth = depth;

        public int Depth { get; }

        public long? Run { get; set; }

        public List<PendingStart>? Starts { get; set; }
    }

    private readonly record struct PendingStart(long WorkId, WorkWhat What);

    /// <summary>A run of work on this thread; an async call's first run keeps the call until it ends.</summary>
    private struct Segment
    {
        public long WorkId;
        public bool FirstRun;
        public bool CompletedInFirstRun;
        public AsyncCallSite Call;
    }
}

/// <summary>Work <see cref="WorkId"/> was started (spawn or async call) inside the shown slice starting at <see cref="Nanos"/>.</summary>
internal readonly record struct WorkStart(long WorkId, WorkWhat What, int Tid, long Nanos);

/// <summary>A run of work <see cref="WorkId"/> whose first shown slice starts at <see cref="Nanos"/>.</summary>
internal readonly record struct WorkRun(long WorkId, int Tid, long Nanos);

/// <summary>An async method (<see cref="FunctionId"/>) called with <see cref="Depth"/> calls open.</summary>
internal readonly record struct AsyncCallSite(long WorkId, int Tid, long Nanos, int FunctionId, int Depth);

internal readonly record struct AsyncCompletion(long WorkId, int Tid, long Nanos);

/// <summary>
/// Writes what the recorders learnt, once every thread is done: a flow (<c>s</c> on the starting slice,
/// <c>f</c> with <c>"bp":"e"</c> on the run's first slice), named <c>spawn</c> or <c>await</c>, for each run
/// whose start is known, and a nestable async span (<c>b</c>/<c>e</c>) from each async call that went
/// elsewhere to its completion. Both ends of a flow carry the start time of the slice they bind to:
/// Perfetto binds a flow event to the slice on top of the thread's stack, which after an X event of the
/// same time is that slice (its sorter takes complete events first), while a later time could find a slice
/// that has ended still on its stack; chrome://tracing binds to the innermost slice containing the time.
/// Each flow gets its own id (chrome://tracing forgets a flow's start at its first <c>f</c>).
/// </summary>
internal static class ChromeFlowWriter
{
    private static readonly byte[] Spawn = "\"spawn\""u8.ToArray();
    private static readonly byte[] Await = "\"await\""u8.ToArray();

    public static void Write(IReadOnlyList<ChromeFlowRecorder> recorders, Utf8Writer writer, Func<int, byte[]> quotedName, int maxDepth, long minNanos)
    {
        var starts = new Dictionary<long, WorkStart>();
        foreach (var recorder in recorders)
        {
            foreach (var start in recorder.Starts)
            {
                starts.TryAdd(start.WorkId, start);
            }
        }

        long flow = 0;
        foreach (var recorder in recorders)
        {
            foreach (var run in recorder.Runs)
            {
                if (!starts.TryGetValue(run.WorkId, out var start))
                {
                    continue;
                }

                var name = start.What == WorkWhat.Spawn ? Spawn : Await;
                flow++;
                WriteFlow(writer, "s"u8, name, flow, start.Tid, start.Nanos);
                WriteFlow(writer, "f"u8, name, flow, run.Tid, run.Nanos);
            }
        }

        var completions = new Dictionary<long, AsyncCompletion>();
        foreach (var recorder in recorders)
        {
            foreach (var completion in recorder.Completions)
            {
                completions.TryAdd(completion.WorkId, completion);
            }
        }

        var names = new Dictionary<int, byte[]>();
        long span = 0;
        foreach (var recorder in recorders)
        {
            foreach (var call in recorder.AsyncCalls)
            {
                // The async method's frames sit one level below the call.
                if (call.Depth + 1 > maxDepth || !completions.TryGetValue(call.WorkId, out var completion) || completion.Nanos - call.Nanos < minNanos)
                {
                    continue;
                }

                if (!names.TryGetValue(call.FunctionId, out var name))
                {
                    name = quotedName(call.FunctionId);
                    names.Add(call.FunctionId, name);
                }

                span++;
                WriteAsync(writer, "b"u8, name, span, call.Tid, call.Nanos);
                WriteAsync(writer, "e"u8, name, span, completion.Tid, completion.Nanos);
            }
        }
    }

    private static void WriteFlow(Utf8Writer writer, ReadOnlySpan<byte> phase, byte[] name, long id, int tid, long nanos)
    {
        writer.Write(",\n{\"ph\":\""u8);
        writer.Write(phase);
        writer.Write(phase[0] == (byte)'f' ? "\",\"bp\":\"e\",\"cat\":\"work\",\"name\":"u8 : "\",\"cat\":\"work\",\"name\":"u8);
        WriteRest(writer, name, id, tid, nanos);
    }

    private static void WriteAsync(Utf8Writer writer, ReadOnlySpan<byte> phase, byte[] name, long id, int tid, long nanos)
    {
        writer.Write(",\n{\"ph\":\""u8);
        writer.Write(phase);
        writer.Write("\",\"cat\":\"async\",\"name\":"u8);
        WriteRest(writer, name, id, tid, nanos);
    }

    private static void WriteRest(Utf8Writer writer, byte[] name, long id, int tid, long nanos)
    {
        writer.Write(name);
        writer.Write(",\"id\":"u8);
        writer.WriteNumber(id);
        writer.Write(",\"pid\":1,\"tid\":"u8);
        writer.WriteNumber(tid);
        writer.Write(",\"ts\":"u8);
        writer.WriteMicros(nanos);
        writer.Write("}"u8);
    }
}
