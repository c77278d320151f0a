using System;
using System.Collections.Generic;
using System.Globalization;

namespace GoTrace.Reporter;

/// <summary>
/// The default tree printed on a terminal stays readable: a tree of more than <see cref="MaxRows"/> rows leaves out
/// the rows under <see cref="MinPercent"/>% of the time (the call and the work it started), with a note saying how
/// many and how to see them all. Output to a file or a pipe, and any explicit view (<c>--depth</c>,
/// <c>--min-percent</c>, <c>--min-duration</c>, <c>--focus</c>, <c>--callers</c>), are left as they are.
/// </summary>
internal static class TerminalView
{
    /// <summary>Trees up to this many rows are printed whole on a terminal.</summary>
    public const int MaxRows = 2000;

    /// <summary>What a row needs, in percent of the trace's total, to be printed in a longer tree on a terminal.</summary>
    public const double MinPercent = 0.1;

    /// <summary>The tree to print on a terminal; <paramref name="note"/> says what was left out (null: nothing).</summary>
    public static CallTree Shorten(CallTree tree, ReportOptions options, out string? note)
    {
        note = null;
        if (options.Format != ReportFormat.Tree || options.Top != null || options.Depth != null || options.MinPercent != null
            || options.MinDurationNanos != null || options.Focus != null || options.Callers != null)
        {
            return tree;
        }

        var rows = Rows(tree);
        if (rows <= MaxRows)
        {
            return tree;
        }

        var shown = TreeViews.Prune(tree, null, (long)Math.Ceiling(MinPercent / 100 * tree.TotalTicks));
        var hidden = rows - Rows(shown);
        if (hidden > 0)
        {
            note = string.Create(
                CultureInfo.InvariantCulture,
                $"{hidden:N0} of {rows:N0} rows are under {MinPercent}% of the time and not shown on a terminal; --min-percent 0 shows them all (so does writing to a file or a pipe)");
        }

        return shown;
    }

    private static long Rows(CallTree tree)
    {
        long rows = 0;
        var pending = new Stack<CallNode>(tree.Roots);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            rows++;
            foreach (var child in node.Children)
            {
                pending.Push(child);
            }
        }

        return rows;
    }
}
