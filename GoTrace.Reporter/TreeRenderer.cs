using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace GoTrace.Reporter;

/// <summary>
/// The default report:
/// <code>
/// TOTAL: 2.31s, 1,204 events
/// Server.Start     1.92s  83.1%
/// ├── Db.Connect   412ms  17.8%
/// └── Router.Init  1.12s  48.5%  ×12
/// </code>
/// Spawned work and async calls run alongside their parent: their names start with "⇢ " and their
/// time is not taken out of the parent's self time. Those that waited off every thread for a microsecond or more
/// (an async call suspended at its awaits, spawned work in a queue) say how long: <c>wait 100ms</c>.
/// </summary>
public static class TreeRenderer
{
    /// <summary>Names wider than this overflow their row instead of widening every row (the guides before a name always count).</summary>
    private const int MaxNameColumn = 100;

    /// <summary>
    /// Guides are drawn for the ancestors of nodes down to this depth (roots are depth 1); deeper nodes keep the
    /// guides of this depth and say their depth instead, so lines stay short and output grows linearly with depth.
    /// </summary>
    public const int MaxDrawnDepth = 32;

    /// <summary>Before the name of work that runs alongside its parent: spawned work and async calls.</summary>
    public const string ConcurrentMarker = "⇢ ";

    /// <summary>After the call count of spawned work that started the next run of itself: every run is folded into the row.</summary>
    public const string ChainMarker = "↻ chain";

    /// <summary>Before a node's wait (<see cref="CallNode.WaitTicks"/>), shown when it is at least <see cref="MinShownWaitSeconds"/>.</summary>
    public const string WaitMarker = "wait ";

    /// <summary>Shorter waits are not shown in the tree: an async call that completed at once waits a few nanoseconds for its first run.</summary>
    public const double MinShownWaitSeconds = 1e-6;

    public static void Render(CallTree tree, TextWriter output, bool fullNames = false) => Render(tree, output, fullNames, ConsoleStyle.Plain);

    public static void Render(CallTree tree, TextWriter output, bool fullNames, ConsoleStyle style)
    {
        output.WriteLine(Header(tree, style));

        var rows = CollectRows(tree, fullNames);
        int nameWidth = 0, durationWidth = 0, percentWidth = 0;
        foreach (var row in rows)
        {
            nameWidth = Math.Max(nameWidth, row.Prefix.Length + Math.Min(row.Name.Length, MaxNameColumn));
            durationWidth = Math.Max(durationWidth, row.Duration.Length);
            percentWidth = Math.Max(percentWidth, row.Percent.Length);
        }

        // One builder for every line: a tree of many thousand paths is written without a string per piece.
        var line = new StringBuilder(256);
        foreach (var row in rows)
        {
            line.Clear();
            var padding = Math.Max(0, nameWidth - row.Prefix.Length - row.Name.Length);
            line.Append(style.Enabled ? style.Dim(row.Prefix) : row.Prefix).Append(row.Name).Append(' ', padding + 2)
                .Append(' ', Math.Max(0, durationWidth - row.Duration.Length)).Append(row.Duration).Append("  ");
            if (style.Enabled)
            {
                line.Append(style.Heat(row.Percent.PadLeft(percentWidth), row.PercentValue));
            }
            else
            {
                line.Append(' ', Math.Max(0, percentWidth - row.Percent.Length)).Append(row.Percent);
            }

            if (row.Node.Calls > 1)
            {
                line.Append("  ").Append(style.Enabled ? style.Cyan("×" + row.Node.Calls.ToString(CultureInfo.InvariantCulture)) : "×").Append(style.Enabled ? string.Empty : row.Node.Calls.ToString(CultureInfo.InvariantCulture));
            }

            if (row.Node.IsChain)
            {
                line.Append("  ").Append(style.Cyan(ChainMarker));
            }

            if (tree.TicksToSeconds(row.Node.WaitTicks) >= MinShownWaitSeconds)
            {
                line.Append("  ").Append(style.Dim(WaitMarker + DurationFormat.Format(tree.TicksToSeconds(row.Node.WaitTicks))));
            }

            if (DurationSpread.TreeNote(row.Node, tree.ClockFrequency) is { } tail)
            {
                line.Append("  ").Append(style.Enabled ? style.Yellow(tail) : tail);
            }

            if (row.Node.HasUnfinishedCalls)
            {
                line.Append("  ").Append(style.Yellow("(unfinished)"));
            }

            line.Append(output.NewLine);
            output.Write(line);
        }
    }

    /// <summary>
    /// The first line of the tree and the flat profile: the trace's wall time and how many events it holds (the
    /// runtime's exit line may have been silenced), then what the view shows:
    /// <c>TOTAL: 454ms, 394,180 events  (callers of Db.Connect)</c>. The tree of one call (<c>--slowest</c>) has no count:
    /// <c>TOTAL: 19.5ms  (#1: 19.5ms at 459ms on thread 1)</c>.
    /// </summary>
    public static string Header(CallTree tree, ConsoleStyle style) =>
        "TOTAL: " + DurationFormat.Format(tree.TotalSeconds)
        + (tree.HasEventCount ? ", " + tree.EventCount.ToString("N0", CultureInfo.InvariantCulture) + (tree.EventCount == 1 ? " event" : " events") : string.Empty)
        + (tree.ViewDescription.Length == 0 ? string.Empty : style.Dim("  (" + tree.ViewDescription + ")"));

    /// <summary>Formats a node's share of the whole trace: <c>48.5%</c>.</summary>
    public static string FormatPercent(long ticks, long totalTicks) =>
        Percent(ticks, totalTicks).ToString("F1", CultureInfo.InvariantCulture) + "%";

    internal static double Percent(long ticks, long totalTicks) => totalTicks <= 0 ? 0.0 : ticks * 100.0 / totalTicks;

    private static List<Row> CollectRows(CallTree tree, bool fullNames)
    {
        var rows = new List<Row>();

        // Depth-first without recursion: deep recursion in the trace must not overflow our stack.
        // Each node has its guides (one per ancestor between it and its root), its connector and its children's guides.
        var pending = new Stack<(CallNode Node, int Depth, string Guides, string Connector, string ChildGuides)>();
        for (var i = tree.Roots.Count - 1; i >= 0; i--)
        {
            pending.Push((tree.Roots[i], 1, string.Empty, string.Empty, string.Empty));
        }

        while (pending.Count > 0)
        {
            var (node, depth, guides, connector, childGuides) = pending.Pop();
            // A root runs alongside nothing: async Main, or work whose starter is not in the trace, is unmarked.
            var name = (node.Kind == CallKind.Call || depth == 1 ? string.Empty : ConcurrentMarker) + (fullNames ? node.Function.FullName : node.Function.Name);
            rows.Add(new Row(
                node,
                depth > MaxDrawnDepth ? guides + DepthMarker(depth) + connector : guides + connector,
                name,
                DurationFormat.Format(tree.TicksToSeconds(node.TotalTicks)),
                FormatPercent(node.TotalTicks, tree.TotalTicks),
                Percent(node.TotalTicks, tree.TotalTicks)));

            var children = node.Children;
            for (var i = children.Count - 1; i >= 0; i--)
            {
                var isLast = i == children.Count - 1;
                var grandchildGuides = depth + 1 < MaxDrawnDepth ? childGuides + (isLast ? "    " : "│   ") : childGuides;
                pending.Push((children[i], depth + 1, childGuides, isLast ? "└── " : "├── ", grandchildGuides));
            }
        }

        return rows;
    }

    /// <summary>Stands for the guides of the levels between <see cref="MaxDrawnDepth"/> and a deeper node: <c>…[depth 4312] </c>.</summary>
    private static string DepthMarker(int depth) => "…[depth " + depth.ToString(CultureInfo.InvariantCulture) + "] ";

    private readonly record struct Row(CallNode Node, string Prefix, string Name, string Duration, string Percent, double PercentValue);
}
