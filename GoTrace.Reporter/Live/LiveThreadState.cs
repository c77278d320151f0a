using System;
using System.Collections.Generic;

namespace GoTrace.Reporter.Live;

/// <summary>
/// One thread of a trace being followed: where its reading stopped (a chunk's sequence number and the events
/// read from it), and its open calls. Events are matched like brackets, as the reports match them; an exit whose
/// enter was never seen (it came before the reading started, or was overwritten) is ignored.
/// </summary>
internal sealed class LiveThreadState
{
    private readonly List<Frame> _frames = new();
    private long _busySince;
    private int _absorbPending = -1;
    private bool _absorbAnyAsync;

    public LiveThreadState(int threadIndex) => ThreadIndex = threadIndex;

    public int ThreadIndex { get; }

    /// <summary>The chunk being read (its sequence number) and how many of its events were read; null before the first read.</summary>
    public (uint Sequence, int Events)? Position { get; set; }

    public int Depth => _frames.Count;

    /// <summary>Its events could not be followed from where they stopped (ring mode reused the chunk): its open calls are forgotten.</summary>
    public void Lose()
    {
        _frames.Clear();
        _absorbPending = -1;
        _absorbAnyAsync = false;
    }

    public void Enter(int function, long ticks, LiveCalls calls)
    {
        var absorbed = _absorbPending == function || (_absorbAnyAsync && calls.IsAsyncFunction(function));
        _absorbPending = -1;
        _absorbAnyAsync = false;
        if (_frames.Count == 0)
        {
            _busySince = ticks;
        }

        _frames.Add(new Frame(function, ticks, absorbed));
    }

    public void Exit(int function, long ticks, LiveInterval interval)
    {
        _absorbPending = -1;
        _absorbAnyAsync = false;
        var match = _frames.Count - 1;
        while (match >= 0 && _frames[match].Function != function)
        {
            match--;
        }

        if (match < 0)
        {
            return;
        }

        for (var at = _frames.Count - 1; at >= match; at--)
        {
            var frame = _frames[at];
            if (!frame.Absorbed)
            {
                interval.CallEnded(this, frame.Function, frame.EnterTicks, ticks);
            }
        }

        _frames.RemoveRange(match, _frames.Count - match);
        if (_frames.Count == 0)
        {
            interval.Busy(this, _busySince, ticks);
        }
    }

    /// <summary>A segment of work begins: its first enter is an async method's run of MoveNext when the work is an async call.</summary>
    public void Begin(int asyncFunction)
    {
        _absorbPending = asyncFunction;
        _absorbAnyAsync = asyncFunction < 0;
    }

    public void OtherWork()
    {
        _absorbPending = -1;
        _absorbAnyAsync = false;
    }

    /// <summary>The end of an interval: the calls still running count up to it.</summary>
    public void Close(LiveInterval interval, long endTicks)
    {
        foreach (var frame in _frames)
        {
            if (!frame.Absorbed)
            {
                interval.StillRunning(frame.Function, frame.EnterTicks, endTicks);
            }
        }

        if (_frames.Count > 0)
        {
            interval.Busy(this, _busySince, endTicks);
        }
    }

    /// <summary>The innermost call running now, or "idle".</summary>
    public string Now(TraceFile file) => _frames.Count == 0 ? "idle" : file.Functions[_frames[^1].Function].Name;

    private readonly record struct Frame(int Function, long EnterTicks, bool Absorbed);
}

/// <summary>Async calls in flight across threads: an async method's call lasts until its task completes, on any thread.</summary>
internal sealed class LiveCalls
{
    private readonly Dictionary<long, (int Function, long StartTicks, LiveThreadState Thread)> _inFlight = new();
    private readonly Dictionary<long, long> _completedEarly = new();
    private readonly HashSet<int> _asyncFunctions = new();

    public bool IsAsyncFunction(int function) => _asyncFunctions.Contains(function);

    /// <summary>The async method of a call in flight, or -1 when the call is not known (yet).</summary>
    public int FunctionOf(long id) => _inFlight.TryGetValue(id, out var call) ? call.Function : -1;

    public void Called(LiveThreadState thread, long id, int function, long ticks, LiveInterval interval)
    {
        _asyncFunctions.Add(function);
        if (_completedEarly.Remove(id, out var completed))
        {
            interval.CallEnded(thread, function, ticks, completed);
            return;
        }

        _inFlight[id] = (function, ticks, thread);
    }

    public void Completed(long id, long ticks, LiveInterval interval)
    {
        if (_inFlight.Remove(id, out var call))
        {
            interval.CallEnded(call.Thread, call.Function, call.StartTicks, ticks);
        }
        else
        {
            // Its call is on a thread read later in this poll.
            _completedEarly[id] = ticks;
        }
    }

    /// <summary>The end of an interval: async calls in flight count up to it; completions whose call never came are dropped.</summary>
    public void Close(LiveInterval interval, long endTicks)
    {
        foreach (var call in _inFlight.Values)
        {
            interval.StillRunning(call.Function, call.StartTicks, endTicks);
        }

        _completedEarly.Clear();
    }
}
