namespace GoTrace.Reporter;

/// <summary>What a trace event records.</summary>
public enum TraceEventKind : byte
{
    Enter = 1,
    Exit = 2,

    /// <summary>A work event: spawn, begin, end, async call or async complete (<see cref="TraceEvent.What"/>).</summary>
    Work = 3,
}

/// <summary>One enter or exit of a traced function (or a work event), with its absolute clock value.</summary>
public readonly struct TraceEvent
{
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

    /// <summary>Absolute clock value (same clock as <see cref="TraceFile.StartTicks"/>).</summary>
    public long Ticks { get; }

    /// <summary>For a work event, what happened; <see cref="WorkWhat.None"/> otherwise.</summary>
    public WorkWhat What { get; }

    /// <summary>For a work event, the work (or async call) it is about; 0 otherwise.</summary>
    public long WorkId { get; }

    public override string ToString() => Kind == TraceEventKind.Work ? $"{What} #{WorkId:X} {FunctionId} @{Ticks}" : $"{Kind} {FunctionId} @{Ticks}";
}
