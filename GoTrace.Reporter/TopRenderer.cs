using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GoTrace.Reporter;

/// <summary>
/// The flat profile (<c>--top N</c>), longest self time (work on a thread) first:
/// <code>
/// TOTAL: 2.31s, 1,204 events
///  self   self%  total  total%   wait  calls  avg/call  function
/// 1.12s   48.5%  1.12s   48.5%    0ns     12    93.3ms  Router.Init
/// </code>
/// Percentages are of the trace's total; wait is the time its async calls were suspended and its spawned work queued; avg/call is total time per call; min to max are the single calls'
/// durations (every call of the function, on every path) for functions called more than once.
/// </summary>
public static class TopRenderer
{
    public static void Render(FlatProfile profile, int count, TextWriter output, bool fullNames = false, ConsoleStyle? style = null, long minSelfTicks = 0)
    {
        style ??= ConsoleStyle.Plain;
        var tree = profile.Tree;
        output.WriteLine(TreeRenderer.Header(tree, style));
        var table = new TextTable<double>("self", "self%", "total", "total%", "wait", "calls", "avg/call", "min", "p50", "p90", "p99", "max", "function");
        foreach (var stats in Rows(profile, count, minSelfTicks))
        {
            var selfPercent = TreeRenderer.Percent(stats.SelfTicks, tree.TotalTicks);
            table.Add(
            [
                DurationFormat.Format(tree.TicksToSeconds(stats.SelfTicks)),
                TreeRenderer.FormatPercent(stats.SelfTicks, tree.TotalTicks),
                DurationFormat.Format(tree.TicksToSeconds(stats.TotalTicks)),
                TreeRenderer.FormatPercent(stats.TotalTicks, tree.TotalTicks),
                DurationFormat.Format(tree.TicksToSeconds(stats.WaitTicks)),
                stats.Calls.ToString(CultureInfo.InvariantCulture),
                DurationFormat.Format(tree.TicksToSeconds((long)Math.Round(stats.AverageTicks))),
                .. DurationSpread.Cells(CallDurations.Of(stats), tree.ClockFrequency),
                (fullNames ? stats.Function.FullName : stats.Function.Name) + (stats.UnfinishedCalls > 0 ? "  (unfinished)" : string.Empty),
            ], selfPercent);
        }

        table.Write(output, style, style.Enabled ? (cells, selfPercent) => Colour(cells, selfPercent, style) : null);
    }

    /// <summary>The same rows as JSON: <c>[{"name", "self_ms", "total_ms", "wait_ms", "calls", "avg_ms", "min_ms" … "max_ms"}]</c>, full names.</summary>
    public static void RenderJson(FlatProfile profile, int count, TextWriter output, long minSelfTicks = 0)
    {
        var tree = profile.Tree;
        var buffer = new System.IO.MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            foreach (var stats in Rows(profile, count, minSelfTicks))
            {
                json.WriteStartObject();
                json.WriteString("name", stats.Function.FullName);
                json.WriteNumber("self_ms", Milliseconds(tree, stats.SelfTicks));
                json.WriteNumber("total_ms", Milliseconds(tree, stats.TotalTicks));
                json.WriteNumber("wait_ms", Milliseconds(tree, stats.WaitTicks));
                json.WriteNumber("calls", stats.Calls);
                json.WriteNumber("avg_ms", Math.Round(tree.TicksToSeconds(1) * stats.AverageTicks * 1000, 3));
                if (CallDurations.Of(stats) is { } durations)
                {
                    foreach (var (q, field, _) in DurationSpread.Quantiles)
                    {
                        json.WriteNumber(field, DurationSpread.Milliseconds(durations.Quantile(q), tree.ClockFrequency));
                    }
                }

                if (stats.UnfinishedCalls > 0)
                {
                    json.WriteBoolean("unfinished", true);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        output.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.WriteLine();
    }

    private static IEnumerable<FunctionStats> Rows(FlatProfile profile, int count, long minSelfTicks)
    {
        var shown = 0;
        foreach (var stats in profile.Functions)
        {
            if (shown == count || stats.SelfTicks < minSelfTicks)
            {
                yield break;
            }

            shown++;
            yield return stats;
        }
    }

    private static double Milliseconds(CallTree tree, long ticks) => Math.Round(tree.TicksToSeconds(ticks) * 1000, 3);

    /// <summary>Numbers right-aligned, the function name (last) left-aligned.</summary>
    /// <summary>Self% in the heat colour of its share, wait dimmed, calls in cyan.</summary>
    private static string Colour(string[] cells, double selfPercent, ConsoleStyle style)
    {
        var parts = new string[cells.Length];
        for (var c = 0; c < cells.Length; c++)
        {
            var text = cells[c];
            parts[c] = c == 1 ? style.Heat(text, selfPercent) : c == 4 ? style.Dim(text) : c == 5 ? style.Cyan(text) : text;
        }

        return TextTable<double>.Join(parts);
    }
}
