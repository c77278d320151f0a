using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GoTrace.Reporter;

/// <summary>
/// <c>--threads</c>: one call tree per thread, each made of that thread's own calls (work events ignored),
/// in thread order, as the tree (a heading per thread), folded stacks (the thread as the outermost frame)
/// or JSON (<c>[{"thread": "…", "managed_id": 1, "thread_pool": false, "roots": [...]}]</c>).
/// </summary>
internal static class PerThreadReport
{
    public static IReadOnlyList<string> Write(
        TraceFile file, IReadOnlyCollection<TraceThread>? threads, ReportOptions options, TextWriter output, ConsoleStyle style, ProgressCounter? progress, Func<CallTree, CallTree> view)
    {
        var labels = ThreadLabels.For(file.Threads);
        var selected = (threads ?? file.Threads).Where(t => t.ChunkCount > 0).OrderBy(t => t.ThreadIndex).ToList();
        var notes = new List<string>();
        var first = true;
        if (options.Format == ReportFormat.Json)
        {
            output.WriteLine("[");
        }

        foreach (var thread in selected)
        {
            var tree = view(CallTree.Build(file, new[] { thread }, progress, Environment.ProcessorCount, perThread: true));
            var label = labels[thread] + (thread.IsThreadPool ? " [thread pool]" : string.Empty);
            switch (options.Format)
            {
                case ReportFormat.Folded:
                    FoldedRenderer.Render(tree, output, label);
                    break;
                case ReportFormat.Json:
                    output.Write(first ? string.Empty : ",\n");
                    output.Write("{\"thread\": " + JsonString(labels[thread]) + ", \"managed_id\": " + thread.ManagedThreadId + ", \"thread_pool\": " + (thread.IsThreadPool ? "true" : "false") + ", \"roots\": ");
                    JsonRenderer.Render(tree, output);
                    output.Write("}");
                    break;
                default:
                    output.Write(first ? string.Empty : output.NewLine);
                    output.WriteLine(style.Cyan("── " + label + " ──"));
                    TreeRenderer.Render(tree, output, options.FullNames, style);
                    break;
            }

            foreach (var note in tree.Notes)
            {
                if (!notes.Contains(note))
                {
                    notes.Add(note);
                }
            }

            first = false;
        }

        if (options.Format == ReportFormat.Json)
        {
            output.WriteLine(first ? "]" : "\n]");
        }

        return notes;
    }

    private static string JsonString(string text) =>
        JsonSerializer.Serialize(text, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
