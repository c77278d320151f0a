namespace GoTrace.Reporter;

/// <summary>What a trace event records.</summary>
public enum TraceEventKind : byte
{
    Enter = 1,
    Exit = 2,

    /// <summary>A work event: spawn, begin, end, async call or async complete (<see cref="TraceEvent.What"/>).</summary>
    Work = 3,

    /// <summary>
    /// Calls of a counted function (a tiny member the weaver counts rather than times), made by the innermost open
    /// call: <see cref="TraceEvent.Calls"/> of them, in a row, with no time of their own.
    /// </summary>
    Count = 4,
}

/// <summary>One enter or exit of a traced function (or a work event, or a count of calls), with its absolute clock value.</summary>
public readonly struct TraceEvent
{
    private TraceEvent(int functionId, long calls, long ticks)
    {
        Kind = TraceEventKind.Count;
        FunctionId = functionId;
        Calls = calls;
        Ticks = ticks;
    }

    public TraceEvent(TraceEventKind kind, int functionId, long ticks)
    {
        Kind = kind;
        FunctionId = functionId;
        Ticks = ticks;
    }

    public TraceEvent(WorkWhat what, long workId, int functionId, long ticks)
    {
        Kind = TraceEventKind.Work;
        What = what;
        WorkId = workId;
        FunctionId = functionId;
        Ticks = ticks;
    }

    public TraceEventKind Kind { get; }

    /// <summary>The function entered or left; for an async call, the async method; else 0.</summary>
    public int FunctionId { get; }

    /// <summary>
    /// Absolute clock value (same clock as <see cref="TraceFile.StartTicks"/>). A count event reads no clock: it has the
    /// time of the event before it on its thread (its chunk's base time when it comes first).
    /// </summary>
    public long Ticks { get; }

    /// <summary>For a count event, the calls it stands for (at least 1); 0 otherwise.</summary>
    public long Calls { get; }

    /// <summary>For a work event, what happened; <see cref="WorkWhat.None"/> otherwise.</summary>
    public WorkWhat What { get; }

    /// <summary>For a work event, the work (or async call) it is about; 0 otherwise.</summary>
    public long WorkId { get; }

    public override string ToString() => Kind switch
    {
        TraceEventKind.Work => $"{What} #{WorkId:X} {FunctionId} @{Ticks}",
        TraceEventKind.Count => $"Count {FunctionId} ×{Calls} @{Ticks}",
        _ => $"{Kind} {FunctionId} @{Ticks}",
    };

    /// <summary>A count event: <paramref name="calls"/> calls of <paramref name="functionId"/>, at the time of the event before it.</summary>
    internal static TraceEvent Counted(int functionId, long calls, long ticks) => new(functionId, calls, ticks);
}
