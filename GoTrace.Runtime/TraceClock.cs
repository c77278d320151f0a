using System;
using System.Diagnostics;

namespace GoTrace;

/// <summary>
/// The clock every event is stamped with: the processor's time-stamp counter where it is invariant and
/// cheap (see <see cref="TimestampCounter"/>), else <see cref="Stopwatch.GetTimestamp"/>.
/// GOTRACE_CLOCK=stopwatch forces the fallback.
/// </summary>
internal static unsafe class TraceClock
{
#if NET5_0_OR_GREATER
    // Static readonly: once the class is initialised, tiered JIT folds the choice into the call site.
    private static readonly byte* Code = TimestampCounter.Create(Environment.GetEnvironmentVariable("GOTRACE_CLOCK"));

    private static readonly delegate* unmanaged[SuppressGCTransition]<long> Counter = Code != null ? TimestampCounter.Read(Code) : null;

    /// <summary>
    /// With the counter: the native stub that reads it and writes one event through a <see cref="WriteCursor"/>
    /// (0 = written, else the cursor says what was missed). Null with Stopwatch: events are written in C#.
    /// </summary>
    public static readonly delegate* unmanaged[SuppressGCTransition]<WriteCursor*, ulong, int> Writer = Code != null ? TimestampCounter.Write(Code) : null;

    public static string Name => Counter != null ? "tsc" : "stopwatch";

    public static long Now() => Counter != null ? Counter() : Stopwatch.GetTimestamp();
#else
    public static string Name => "stopwatch";

    public static long Now() => Stopwatch.GetTimestamp();
#endif

    /// <summary>Ticks per second: exact for Stopwatch, calibrated for the counter.</summary>
    public static double Frequency { get; private set; } = Calibrate();

    private static long _calibrationTicks;
    private static long _calibrationStopwatch;

    /// <summary>Refines the counter's frequency over the whole run so far; returns the better figure.</summary>
    public static double Recalibrate()
    {
        if (Name == "stopwatch")
        {
            return Frequency;
        }

        var ticks = Now() - _calibrationTicks;
        var elapsed = Stopwatch.GetTimestamp() - _calibrationStopwatch;
        if (elapsed > Stopwatch.Frequency / 10)
        {
            Frequency = ticks * (double)Stopwatch.Frequency / elapsed;
        }

        return Frequency;
    }

    /// <summary>A first estimate from a one-millisecond spin; refined at the end of the run.</summary>
    private static double Calibrate()
    {
        _calibrationStopwatch = Stopwatch.GetTimestamp();
        _calibrationTicks = Now();
        if (Name == "stopwatch")
        {
            return Stopwatch.Frequency;
        }

        var until = _calibrationStopwatch + (Stopwatch.Frequency / 1000);
        long stopwatch;
        while ((stopwatch = Stopwatch.GetTimestamp()) < until)
        {
        }

        var ticks = Now() - _calibrationTicks;
        return ticks * (double)Stopwatch.Frequency / (stopwatch - _calibrationStopwatch);
    }
}
