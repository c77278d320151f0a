using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace GoTrace.Reporter;

/// <summary>
/// How reports show the distribution of single calls: the tree's tail note (<c>p99 4.1ms  max 12ms</c> on a row
/// whose slow calls took at least <see cref="TailFactor"/> times its mean), and the five quantiles of JSON nodes
/// and rows and of the <c>--top</c> table.
/// </summary>
public static class DurationSpread
{
    /// <summary>The tree notes a row's tail when its slowest call took at least this many times the mean.</summary>
    public const double TailFactor = 3;

    /// <summary>Below this many calls the p99 is the slowest call (nearest rank), so the tree shows the max alone.</summary>
    public const long P99MinCalls = 100;

    /// <summary>The quantiles reports give, with their JSON field names and table headings.</summary>
    public static readonly IReadOnlyList<(double Q, string Field, string Heading)> Quantiles = new[]
    {
        (0.0, "min_ms", "min"),
        (0.5, "p50_ms", "p50"),
        (0.9, "p90_ms", "p90"),
        (0.99, "p99_ms", "p99"),
        (1.0, "max_ms", "max"),
    };

    /// <summary>
    /// The tree's note on a node's slow calls, or null when they are not much slower than the mean (or took no time): with at least
    /// <see cref="P99MinCalls"/> calls, <c>p99 4.1ms  max 12ms</c> when the p99 is at least <see cref="TailFactor"/>
    /// times the mean (a single outlier does not make a tail); with fewer, <c>max 12ms</c> when the slowest call is.
    /// </summary>
    public static string? TreeNote(CallNode node, double clockFrequency)
    {
        if (CallDurations.Of(node) is not { } sketch || sketch.Max <= 0)
        {
            return null; // no distribution, or calls that all took no time (counted calls): no tail
        }

        if (sketch.Max <= 0)
        {
            // Calls that last nothing (counted ones, or compensated down to zero) have no tail to show.
            return null;
        }

        var mean = (double)node.TotalTicks / node.Calls;
        var max = "max " + DurationFormat.Format(sketch.Max, clockFrequency);
        if (node.Calls < P99MinCalls)
        {
            return sketch.Max >= TailFactor * mean ? max : null;
        }

        var p99 = sketch.Quantile(0.99);
        return p99 >= TailFactor * mean ? "p99 " + DurationFormat.Format(p99, clockFrequency) + "  " + max : null;
    }

    /// <summary>The five quantiles as table cells (<c>min p50 p90 p99 max</c>); empty cells for a single call.</summary>
    public static string[] Cells(DurationSketch? sketch, double clockFrequency)
    {
        var cells = new string[Quantiles.Count];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = sketch == null ? string.Empty : DurationFormat.Format(sketch.Quantile(Quantiles[i].Q), clockFrequency);
        }

        return cells;
    }

    /// <summary>
    /// The five quantiles as JSON properties, milliseconds to the nanosecond, each as
    /// <paramref name="propertyStart"/><c>"p50_ms": 1.234,</c> (the caller writes what follows).
    /// </summary>
    public static void WriteJson(DurationSketch sketch, double clockFrequency, string propertyStart, TextWriter output)
    {
        foreach (var (q, field, _) in Quantiles)
        {
            output.Write(propertyStart);
            output.Write('"');
            output.Write(field);
            output.Write("\": ");
            output.Write(Milliseconds(sketch.Quantile(q), clockFrequency).ToString("R", CultureInfo.InvariantCulture));
            output.Write(',');
        }
    }

    /// <summary>Milliseconds rounded to the nanosecond, as the JSON formats write times.</summary>
    public static double Milliseconds(long ticks, double clockFrequency) => System.Math.Round(ticks / clockFrequency * 1000, 6);
}
