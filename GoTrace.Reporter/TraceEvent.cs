namespace GoTrace.Reporter;

/// <summary>What a trace event records.</summary>
public enum TraceEventKind : byte
{
    Enter = 1,
    Exit = 2,
}

/// <summary>One enter or exit of a traced function, with its absolute clock value.</summary>
public readonly struct TraceEvent
{
    public TraceEvent(TraceEventKind kind, int functionId, long ticks)
    {
        Kind = kind;
        FunctionId = functionId;
        Ticks = ticks;
    }

    public TraceEventKind Kind { get; }

    public int FunctionId { get; }

    /// <summary>Absolute clock value (same clock as <see cref="TraceFile.StartTicks"/>).</summary>
    public long Ticks { get; }

    public override string ToString() => $"{Kind} {FunctionId} @{Ticks}";
}
