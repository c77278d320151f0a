using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;

namespace GoTrace.Reporter;

/// <summary>
/// <c>--slowest F [n]</c> and <c>--calls-of F</c>: single calls of a function, found in one pass over every call
/// in time order (<see cref="SingleCallFinder"/> on <see cref="TimelineMerge"/>), in bounded memory.
/// <para>
/// <c>--slowest</c> keeps the n longest calls seen so far in a heap (each with its own tree, built while it ran) and
/// prints them longest first, each as its own small report: the tree (percentages of the call's duration), folded
/// stacks (each call's stacks under a frame naming it) or JSON
/// (<c>[{"rank", "function", "start_ms", "duration_ms", "thread", "thread_id", "thread_pool", "roots": [...]}]</c>).
/// </para>
/// <para>
/// <c>--calls-of</c> writes each call as it ends (so in order of their ends): CSV
/// (<c>start_ms,duration_ms,thread_id,thread_name,function,unfinished</c>) or JSON, one object a line.
/// </para>
/// Times are milliseconds from the start of the trace, to the nanosecond.
/// </summary>
internal static class SingleCallReport
{
    /// <summary>Writes the report; returns the notes about the trace, or null after writing a one-line error to <paramref name="error"/>.</summary>
    public static IReadOnlyList<string>? Write(TraceFile file, ReportOptions options, IReadOnlyCollection<TraceThread>? startThreads, TextWriter output,
        ConsoleStyle style, ProgressCounter? progress, Func<CallTree, CallTree> view, out string? error)
    {
        var flag = options.Slowest != null ? "--slowest" : "--calls-of";
        var pattern = (options.Slowest ?? options.CallsOf)!;
        var matcher = FunctionMatcher.Find(pattern, file.Functions.Where(f => f.IsKnown));
        if (matcher == null)
        {
            error = $"no function in the trace matches {flag} '{pattern}' (give a full name like App.Db.Connect, a short name like Db.Connect, or a glob like *Connect*)";
            return null;
        }

        error = null;
        var end = file.EndOfTraceTicks(file.LatestEventTicks());
        var merge = new TimelineMerge(file, file.Threads, progress);
        var labels = ThreadLabels.For(file.Threads);
        if (options.CallsOf != null)
        {
            var minTicks = options.MinDurationNanos is { } ns ? (long)Math.Ceiling(ns / 1e9 * file.ClockFrequency) : 0;
            var series = new CallSeriesWriter(file, output, options.Format == ReportFormat.Json);
            var finder = new SingleCallFinder(file, matcher.Matches, startThreads, buildTrees: false, end, call =>
            {
                if (!call.IsNested && call.DurationTicks >= minTicks)
                {
                    series.Write(call);
                }
            });
            merge.Run(finder, CancellationToken.None);
            finder.Finish();
            series.Finish();
        }
        else
        {
            var slowest = new SlowestCalls(options.SlowestCount);
            var finder = new SingleCallFinder(file, matcher.Matches, startThreads, buildTrees: true, end, slowest.Offer);
            merge.Run(finder, CancellationToken.None);
            finder.Finish();
            WriteSlowest(file, options, slowest, labels, matcher, output, style, view);
        }

        return TraceNotes.Describe(file, merge.Counts, allThreads: true);
    }

    private static void WriteSlowest(TraceFile file, ReportOptions options, SlowestCalls slowest, Dictionary<TraceThread, string> labels,
        FunctionMatcher matcher, TextWriter output, ConsoleStyle style, Func<CallTree, CallTree> view)
    {
        var calls = slowest.Longest();
        var what = string.Join(", ", matcher.MatchedNames);
        if (options.Format == ReportFormat.Json)
        {
            output.Write('[');
        }
        else if (options.Format == ReportFormat.Tree)
        {
            var all = slowest.All;
            var spread = all.Count > 1
                ? $" (p50 {Format(file, all.Quantile(0.5))}, p90 {Format(file, all.Quantile(0.9))}, p99 {Format(file, all.Quantile(0.99))}, max {Format(file, all.Max)})"
                : string.Empty;
            output.WriteLine(style.Cyan($"the {calls.Count} slowest of {all.Count} call{(all.Count == 1 ? string.Empty : "s")} of {what}{spread}"));
        }

        for (var rank = 1; rank <= calls.Count; rank++)
        {
            var call = calls[rank - 1];
            var tree = view(CallTree.Of(new[] { call.Root! }, file.ClockFrequency, call.StartTicks, call.EndTicks,
                $"#{rank}: {Format(file, call.DurationTicks)} at {Format(file, call.StartTicks - file.StartTicks)} on {labels[call.Thread]}{(call.Unfinished ? ", unfinished" : string.Empty)}"));
            switch (options.Format)
            {
                case ReportFormat.Json:
                    output.Write(rank == 1 ? "\n" : ",\n");
                    output.Write("{\"rank\": " + rank.ToString(CultureInfo.InvariantCulture)
                        + ", \"function\": " + JsonString(file.Functions[call.FunctionId].FullName)
                        + ", \"start_ms\": " + Milliseconds(file, call.StartTicks - file.StartTicks)
                        + ", \"duration_ms\": " + Milliseconds(file, call.DurationTicks)
                        + ", \"thread\": " + JsonString(labels[call.Thread])
                        + ", \"thread_id\": " + call.Thread.ManagedThreadId.ToString(CultureInfo.InvariantCulture)
                        + ", \"thread_pool\": " + (call.Thread.IsThreadPool ? "true" : "false")
                        + (call.Unfinished ? ", \"unfinished\": true" : string.Empty)
                        + ", \"roots\": ");
                    JsonRenderer.Render(tree, output);
                    output.Write('}');
                    break;
                case ReportFormat.Folded:
                    FoldedRenderer.Render(tree, output, $"#{rank} {Format(file, call.DurationTicks)} at {Format(file, call.StartTicks - file.StartTicks)}");
                    break;
                default:
                    output.Write(output.NewLine);
                    TreeRenderer.Render(tree, output, options.FullNames, style);
                    break;
            }
        }

        if (options.Format == ReportFormat.Json)
        {
            output.WriteLine(calls.Count == 0 ? "]" : "\n]");
        }
    }

    private static string Format(TraceFile file, long ticks) => DurationFormat.Format(ticks, file.ClockFrequency);

    internal static string Milliseconds(TraceFile file, long ticks) =>
        Math.Round(ticks / file.ClockFrequency * 1000, 6).ToString("0.######", CultureInfo.InvariantCulture);

    internal static string JsonString(string text) => "\"" + JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";

    /// <summary>The n longest calls offered so far (a min-heap: the shortest kept is the first to go), and the distribution of all.</summary>
    private sealed class SlowestCalls
    {
        private readonly int _count;
        private readonly PriorityQueue<SingleCall, (long Duration, long Start)> _heap = new();

        public SlowestCalls(int count) => _count = count;

        /// <summary>Every call's duration.</summary>
        public DurationSketch All { get; } = new();

        public void Offer(SingleCall call)
        {
            All.Add(call.DurationTicks);
            if (call.IsNested)
            {
                return; // part of the call it ran inside
            }

            // Among calls of the same duration the earlier stays: a later one ranks lower.
            var priority = (call.DurationTicks, -call.StartTicks);
            if (_heap.Count < _count)
            {
                _heap.Enqueue(call, priority);
            }
            else if (_heap.TryPeek(out _, out var shortest) && priority.CompareTo(shortest) > 0)
            {
                _heap.EnqueueDequeue(call, priority);
            }
        }

        /// <summary>The calls kept, longest first.</summary>
        public List<SingleCall> Longest() =>
            _heap.UnorderedItems.OrderByDescending(e => e.Priority).Select(e => e.Element).ToList();
    }
}

/// <summary>Writes <c>--calls-of</c>'s time series as calls end: CSV with a header line, or a JSON array of one object a line.</summary>
internal sealed class CallSeriesWriter
{
    private readonly TraceFile _file;
    private readonly TextWriter _output;
    private readonly bool _json;
    private long _written;

    public CallSeriesWriter(TraceFile file, TextWriter output, bool json)
    {
        _file = file;
        _output = output;
        _json = json;
        _output.Write(json ? "[" : "start_ms,duration_ms,thread_id,thread_name,function,unfinished\n");
    }

    public void Write(SingleCall call)
    {
        var start = SingleCallReport.Milliseconds(_file, call.StartTicks - _file.StartTicks);
        var duration = SingleCallReport.Milliseconds(_file, call.DurationTicks);
        var threadId = call.Thread.ManagedThreadId.ToString(CultureInfo.InvariantCulture);
        var function = _file.Functions[call.FunctionId].FullName;
        if (_json)
        {
            _output.Write(_written == 0 ? "\n" : ",\n");
            _output.Write("{\"start_ms\": " + start + ", \"duration_ms\": " + duration + ", \"thread_id\": " + threadId
                + ", \"thread_name\": " + SingleCallReport.JsonString(call.Thread.Name) + ", \"function\": " + SingleCallReport.JsonString(function)
                + (call.Unfinished ? ", \"unfinished\": true}" : "}"));
        }
        else
        {
            _output.Write(start + "," + duration + "," + threadId + "," + Csv(call.Thread.Name) + "," + Csv(function) + "," + (call.Unfinished ? "true" : "false") + "\n");
        }

        _written++;
    }

    public void Finish()
    {
        if (_json)
        {
            _output.Write(_written == 0 ? "]\n" : "\n]\n");
        }
    }

    /// <summary>A CSV field: quoted (quotes doubled) when it holds a comma, a quote or a line break.</summary>
    private static string Csv(string text) =>
        text.IndexOfAny(new[] { ',', '"', '\n', '\r' }) < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
