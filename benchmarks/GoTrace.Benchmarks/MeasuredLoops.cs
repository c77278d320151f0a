using System.Collections.Generic;
using System.Linq;
using PlainWorkload = GoTrace.Benchmarks.Plain.Workload;
using TracedWorkload = GoTrace.Benchmarks.Traced.Workload;

namespace GoTrace.Benchmarks;

/// <summary>The loops the overhead, scaling and floor modes time (each takes its iteration count), and the median they quote.</summary>
internal static class MeasuredLoops
{
    private static long _sink;

    /// <summary>The empty non-inlined method, not woven.</summary>
    public static void Untraced(int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            PlainWorkload.Empty();
        }
    }

    /// <summary>The same method woven by GoTrace, writing the trace file.</summary>
    public static void Traced(int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            TracedWorkload.Empty();
        }
    }

    /// <summary>Two reads of the tracer's clock per iteration: what an enter and an exit cannot do without.</summary>
    public static void ReadClockTwice(int calls)
    {
        long sum = 0;
        for (var i = 0; i < calls; i++)
        {
            sum += TraceClock.Now();
            sum ^= TraceClock.Now();
        }

        _sink += sum;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(value => value).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
