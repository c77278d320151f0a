using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace GoTrace.Reporter;

/// <summary>
/// Collapsed stacks for FlameGraph and speedscope: <c>App.Main;App.Server.Start 1234</c>, one line per call
/// path, weighted by self time in whole microseconds (plus the time of callees a view left out). Paths with
/// less than 1 µs of self time are left out.
/// </summary>
public static class FoldedRenderer
{
    public static void Render(CallTree tree, TextWriter output) => Render(tree, output, null);

    /// <summary>With <paramref name="outerFrame"/> given, every stack starts with it (a thread's name, with <c>--threads</c>).</summary>
    public static void Render(CallTree tree, TextWriter output, string? outerFrame)
    {
        var outer = outerFrame == null ? string.Empty : FrameName(outerFrame);
        // Distinct functions can share a full name (overloads): their paths are summed.
        var weights = new Dictionary<string, long>(StringComparer.Ordinal);
        var order = new List<string>();

        // Depth-first without recursion; the current path lives in one builder, cut back on the way up.
        var path = new StringBuilder();
        var pending = new Stack<(CallNode Node, int ParentLength)>();
        for (var i = tree.Roots.Count - 1; i >= 0; i--)
        {
            pending.Push((tree.Roots[i], outer.Length));
        }

        while (pending.Count > 0)
        {
            var (node, parentLength) = pending.Pop();
            path.Length = parentLength;
            if (parentLength == outer.Length)
            {
                path.Clear().Append(outer);
            }

            if (path.Length > 0)
            {
                path.Append(';');
            }

            path.Append(FrameName(node.Function.FullName));
            var weight = (long)Math.Round(tree.TicksToSeconds(node.SelfTicks + node.HiddenTicks) * 1e6, MidpointRounding.AwayFromZero);
            if (weight >= 1)
            {
                var text = path.ToString();
                if (weights.TryGetValue(text, out var existing))
                {
                    weights[text] = existing + weight;
                }
                else
                {
                    weights.Add(text, weight);
                    order.Add(text);
                }
            }

            var children = node.Children;
            for (var i = children.Count - 1; i >= 0; i--)
            {
                pending.Push((children[i], path.Length));
            }
        }

        foreach (var line in order)
        {
            output.Write(line);
            output.Write(' ');
            output.WriteLine(weights[line].ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>A name safe inside a folded line: no frame separators, no line breaks.</summary>
    public static string FrameName(string fullName) =>
        fullName.IndexOfAny(Unsafe) < 0 ? fullName : fullName.Replace(';', ',').Replace('\n', ' ').Replace('\r', ' ');

    private static readonly char[] Unsafe = { ';', '\n', '\r' };
}
