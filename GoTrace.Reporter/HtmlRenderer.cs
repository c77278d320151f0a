using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace GoTrace.Reporter;

/// <summary>
/// One self-contained HTML file that works offline: the trace's facts and notes, an interactive flame graph
/// (icicle layout: click a frame to zoom into it, click an outer frame or "Reset zoom" to go back, search by
/// text or /regex/) and the top functions by self time. Vanilla JavaScript and CSS inside the file, the data
/// as JSON in a script element; no external URLs. Very large trees keep their largest paths (see
/// <see cref="MaxNodes"/>) and say how many were left out.
/// </summary>
public static class HtmlRenderer
{
    /// <summary>Flame graph frames kept at most; smaller paths beyond this are left out (and counted).</summary>
    public const int MaxNodes = 50_000;

    /// <summary>Rows of the top table at most.</summary>
    public const int MaxTopRows = 500;

    /// <summary>
    /// Writes the page: the flame graph of <paramref name="tree"/> (as pruned by the views) and the top table of
    /// <paramref name="profile"/> (by default the tree's; give the unpruned tree's so that pruning hides nothing there).
    /// </summary>
    public static void Render(CallTree tree, TraceFile file, Stream output, bool fullNames = true, FlatProfile? profile = null)
    {
        var template = Template.Value;
        var data = Data(tree, file, fullNames, profile ?? FlatProfile.Of(tree));
        var title = WebUtility.HtmlEncode(ThreadLabels.Process(file) + " · gotrace");
        var (head, tail) = Split(template.Replace("/*TITLE*/", title, StringComparison.Ordinal), "/*DATA*/");
        output.Write(Encoding.UTF8.GetBytes(head));
        output.Write(data);
        output.Write(Encoding.UTF8.GetBytes(tail));
        output.Flush();
    }

    private static byte[] Data(CallTree tree, TraceFile file, bool fullNames, FlatProfile profile)
    {
        var buffer = new MemoryStream();
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All), MaxDepth = 64 };
        using (var json = new Utf8JsonWriter(buffer, options))
        {
            var names = new Dictionary<string, int>(StringComparer.Ordinal);
            var nameList = new List<string>();
            string NameOf(FunctionInfo function) => fullNames ? function.FullName : function.Name;
            int NameIndex(string name)
            {
                if (!names.TryGetValue(name, out var index))
                {
                    index = nameList.Count;
                    names.Add(name, index);
                    nameList.Add(name);
                }

                return index;
            }

            json.WriteStartObject();
            json.WriteString("title", ThreadLabels.Process(file));
            json.WriteString("rootName", tree.ViewDescription.Length == 0 ? "all threads" : tree.ViewDescription);
            json.WriteNumber("wall", Nanos(tree, tree.TotalTicks));
            json.WriteStartArray("facts");
            foreach (var (label, value) in Facts(tree, file))
            {
                json.WriteStartArray();
                json.WriteStringValue(label);
                json.WriteStringValue(value);
                json.WriteEndArray();
            }

            json.WriteEndArray();

            // The flame graph's nodes in pre-order: [name, parent, total ns, self ns, calls, subtree ns, wait ns] (a frame's
            // width is its subtree time: the work it started counts even where it ran after the frame returned).
            var threshold = Threshold(tree);
            long omitted = 0;
            json.WriteStartArray("nodes");
            var pending = new Stack<(CallNode Node, int Parent)>();
            for (var i = tree.Roots.Count - 1; i >= 0; i--)
            {
                pending.Push((tree.Roots[i], -1));
            }

            var index = 0;
            while (pending.Count > 0)
            {
                var (node, parent) = pending.Pop();
                if (node.SubtreeTicks < threshold)
                {
                    omitted++;
                    continue;
                }

                json.WriteStartArray();
                json.WriteNumberValue(NameIndex(
                    (node.Kind == CallKind.Call || parent < 0 ? string.Empty : TreeRenderer.ConcurrentMarker) + NameOf(node.Function) + (node.IsChain ? " " + TreeRenderer.ChainMarker : string.Empty)));
                json.WriteNumberValue(parent);
                json.WriteNumberValue(Nanos(tree, node.TotalTicks));
                json.WriteNumberValue(Nanos(tree, node.SelfTicks + node.HiddenTicks));
                json.WriteNumberValue(node.Calls);
                json.WriteNumberValue(Nanos(tree, node.SubtreeTicks));
                json.WriteNumberValue(Nanos(tree, node.WaitTicks));
                json.WriteEndArray();
                for (var i = node.Children.Count - 1; i >= 0; i--)
                {
                    pending.Push((node.Children[i], index));
                }

                index++;
            }

            json.WriteEndArray();
            json.WriteNumber("omitted", omitted);

            // The top table: [name, self ns, total ns, calls, wait ns].
            json.WriteStartArray("top");
            var rows = Math.Min(MaxTopRows, profile.Functions.Count);
            for (var i = 0; i < rows; i++)
            {
                var stats = profile.Functions[i];
                json.WriteStartArray();
                json.WriteNumberValue(NameIndex(NameOf(stats.Function)));
                json.WriteNumberValue(Nanos(tree, stats.SelfTicks));
                json.WriteNumberValue(Nanos(tree, stats.TotalTicks));
                json.WriteNumberValue(stats.Calls);
                json.WriteNumberValue(Nanos(tree, stats.WaitTicks));
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteNumber("topOmitted", profile.Functions.Count - rows);

            var notes = new List<string>(tree.Notes);
            if (omitted > 0)
            {
                notes.Add($"the flame graph leaves out {omitted.ToString("N0", CultureInfo.InvariantCulture)} call paths shorter than {DurationFormat.Format(tree.TicksToSeconds(threshold))} to stay light");
            }

            json.WriteStartArray("notes");
            foreach (var note in notes)
            {
                json.WriteStringValue(note);
            }

            json.WriteEndArray();
            json.WriteStartArray("names");
            foreach (var name in nameList)
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static List<(string, string)> Facts(CallTree tree, TraceFile file)
    {
        var facts = new List<(string, string)>
        {
            ("Process", ThreadLabels.Process(file)),
        };
        if (file.CommandLine.Length > 0)
        {
            facts.Add(("Command line", file.CommandLine));
        }

        if (file.RuntimeDescription.Length > 0)
        {
            facts.Add(("Runtime", file.RuntimeDescription));
        }

        facts.Add(("Started", file.StartTime.ToString("yyyy-MM-dd HH:mm:ss.fff 'UTC'", CultureInfo.InvariantCulture)));
        facts.Add(("Duration", DurationFormat.Format(tree.TotalSeconds) + (tree.IsComplete ? string.Empty : " (incomplete trace)")));
        facts.Add(("Threads", tree.ThreadCount.ToString(CultureInfo.InvariantCulture)));
        facts.Add(("Events", tree.EventCount.ToString("N0", CultureInfo.InvariantCulture)));
        facts.Add(("Call paths", tree.PathCount.ToString("N0", CultureInfo.InvariantCulture)));
        facts.Add(("Clock", $"{(file.ClockName.Length == 0 ? "unknown" : file.ClockName)}, {file.ClockFrequency.ToString("G6", CultureInfo.InvariantCulture)} ticks/s"));
        if (tree.ViewDescription.Length > 0)
        {
            facts.Add(("View", tree.ViewDescription));
        }

        return facts;
    }

    /// <summary>The smallest total a node needs to be drawn, so that at most <see cref="MaxNodes"/> are.</summary>
    private static long Threshold(CallTree tree)
    {
        var totals = new List<long>();
        var pending = new Stack<CallNode>(tree.Roots);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            totals.Add(node.SubtreeTicks);
            foreach (var child in node.Children)
            {
                pending.Push(child);
            }
        }

        if (totals.Count <= MaxNodes)
        {
            return long.MinValue;
        }

        totals.Sort();
        totals.Reverse();

        // Ties at the cut are all left out, so the count stays under the cap.
        return totals[MaxNodes - 1] == totals[MaxNodes] ? totals[MaxNodes] + 1 : totals[MaxNodes - 1];
    }

    private static long Nanos(CallTree tree, long ticks) => (long)Math.Round(tree.TicksToSeconds(ticks) * 1e9);

    private static readonly Lazy<string> Template = new(LoadTemplate);

    private static string LoadTemplate()
    {
        using var stream = typeof(HtmlRenderer).Assembly.GetManifestResourceStream("GoTrace.Reporter.report.html")
            ?? throw new InvalidOperationException("the HTML template is missing from the assembly");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static (string Head, string Tail) Split(string template, string marker)
    {
        var at = template.IndexOf(marker, StringComparison.Ordinal);
        return (template.Substring(0, at), template.Substring(at + marker.Length));
    }
}

internal static class WebUtility
{
    public static string HtmlEncode(string text) => System.Net.WebUtility.HtmlEncode(text);
}
