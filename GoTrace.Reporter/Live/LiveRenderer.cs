using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace GoTrace.Reporter.Live;

/// <summary>
/// <c>gotrace top</c>'s screen as text lines: a heading, the functions with the most time in the interval (time,
/// its share of the interval, calls ended per second, their p50, p99 and max), then the threads (share of the
/// interval in traced code, calls ended per second, the call running now).
/// <code>
/// gotrace top  WebApp (pid 4242)  at 12.3s, the last 1s: 412 calls/s
///    time       %  calls/s     p50     p99     max  function
///   2.51s  251.0%    102.0  21.3ms  48.2ms  48.9ms  OrderService.GetOrderAsync
/// </code>
/// </summary>
public static class LiveRenderer
{
    /// <summary>The lines of a frame, the function table cut to fit <paramref name="maxLines"/> lines in all.</summary>
    public static List<string> Lines(LiveFrame frame, string note, int maxLines, bool fullNames)
    {
        var lines = new List<string>
        {
            $"gotrace top  {frame.Process}  at {DurationFormat.Format(frame.AtSeconds)}, the last {DurationFormat.Format(frame.IntervalSeconds)}: "
            + $"{Rate(frame.Calls / frame.IntervalSeconds)} calls/s{(frame.Gaps > 0 ? $"  ({frame.Gaps} gaps: ring mode reused chunks before they were read)" : string.Empty)}"
            + (frame.ProgramEnded ? "  (the program has ended)" : string.Empty) + (note.Length == 0 ? string.Empty : "  " + note),
        };

        var threadRows = frame.Threads.Select(t => new[] { t.BusyPercent.ToString("F1", CultureInfo.InvariantCulture) + "%", Rate(t.Calls / frame.IntervalSeconds), t.Now, t.Label }).ToList();
        var threadLines = Math.Min(threadRows.Count, Math.Max(0, (maxLines - 6) / 3));
        var functionLines = Math.Max(0, maxLines - lines.Count - 1 - (threadLines > 0 ? threadLines + 2 : 0));
        var functionRows = frame.Functions.Take(functionLines).Select(f =>
        {
            var cells = new List<string>
            {
                DurationFormat.Format(f.TimeTicks, f.ClockFrequency),
                f.TimePercent.ToString("F1", CultureInfo.InvariantCulture) + "%",
                Rate(f.CallsPerSecond),
            };
            foreach (var q in new[] { 0.5, 0.99, 1.0 })
            {
                cells.Add(f.Durations == null ? string.Empty : DurationFormat.Format(f.Durations.Quantile(q), f.ClockFrequency));
            }

            cells.Add(fullNames ? f.FullName : f.Name);
            return cells.ToArray();
        }).ToList();

        lines.AddRange(Table(new[] { "time", "%", "calls/s", "p50", "p99", "max", "function" }, functionRows));
        if (frame.Functions.Count == 0)
        {
            lines.Add("(no traced code ran in this interval)");
        }

        if (threadLines > 0)
        {
            lines.Add(string.Empty);
            lines.AddRange(Table(new[] { "busy", "calls/s", "now", "thread" }, threadRows.Take(threadLines).ToList()));
        }

        return lines.Take(Math.Max(1, maxLines)).ToList();
    }

    private static string Rate(double perSecond) =>
        double.IsFinite(perSecond) ? perSecond.ToString(perSecond < 10 ? "F1" : "F0", CultureInfo.InvariantCulture) : "0";

    /// <summary>Columns right-aligned but the last two text ones (a function or a thread): the last left-aligned, others padded.</summary>
    private static IEnumerable<string> Table(string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, c) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[c].Length))).ToArray();
        var textColumns = header[^2] == "now" ? 2 : 1;
        string Line(string[] cells) => string.Join("  ", cells.Select((cell, c) =>
            c == cells.Length - 1 ? cell : c >= cells.Length - textColumns ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c])));
        yield return Line(header);
        foreach (var row in rows)
        {
            yield return Line(row);
        }
    }
}
