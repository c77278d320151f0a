using System.Diagnostics;

namespace GoTrace;

/// <summary>The clock every event is stamped with.</summary>
internal static class TraceClock
{
    public const string Name = "stopwatch";

    public static double Frequency => Stopwatch.Frequency;

    public static long Now() => Stopwatch.GetTimestamp();
}
