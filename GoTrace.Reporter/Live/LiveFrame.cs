using System.Collections.Generic;

namespace GoTrace.Reporter.Live;

/// <summary>What a running program did in one interval of <c>gotrace top</c>.</summary>
public sealed class LiveFrame
{
    /// <summary>The traced process, as reports name it: <c>WebApp (pid 4242)</c>.</summary>
    public string Process { get; init; } = string.Empty;

    /// <summary>When the interval ended, in seconds from the start of the trace.</summary>
    public double AtSeconds { get; init; }

    public double IntervalSeconds { get; init; }

    /// <summary>Functions that ran in the interval, most time first.</summary>
    public IReadOnlyList<LiveFunction> Functions { get; init; } = new List<LiveFunction>();

    /// <summary>Threads that ran traced code in the interval, busiest first.</summary>
    public IReadOnlyList<LiveThread> Threads { get; init; } = new List<LiveThread>();

    /// <summary>Calls that ended in the interval, all functions together.</summary>
    public long Calls { get; init; }

    /// <summary>The program has ended and finished its trace: nothing more will come.</summary>
    public bool ProgramEnded { get; init; }

    /// <summary>Stretches of a thread's events the reader could not follow (ring mode reused their chunks before they were read).</summary>
    public long Gaps { get; init; }
}

/// <summary>One function's row: its time in the interval and the calls that ended in it.</summary>
public sealed record LiveFunction(string Name, string FullName, long TimeTicks, double TimePercent, long Calls, double CallsPerSecond,
    DurationSketch? Durations, double ClockFrequency);

/// <summary>One thread's row: how much of the interval it spent in traced code, and where it is now.</summary>
public sealed record LiveThread(string Label, double BusyPercent, long Calls, string Now);
