using System.Collections.Generic;
using static GoTrace.Reporter.CommandLine.ReportOptionSpec;
using static GoTrace.Reporter.CommandLine.ValueKinds;

namespace GoTrace.Reporter.CommandLine;

/// <summary>
/// Every option of the reporter, once: <c>gotrace-report</c>, <c>gotrace report</c>, <c>gotrace diff</c> and
/// <c>gotrace run|exec|test</c> all take them from here, and their help is written from here. Adding an option
/// is one entry below (and, if it must not combine with others, a rule in <see cref="ReportRules"/>).
/// </summary>
public static class ReportOptionDefinitions
{
    public static IReadOnlyList<ReportOptionSpec> All { get; } = new[]
    {
        // Formats: one at a time.
        Format("--folded", ReportFormat.Folded, "collapsed stacks for FlameGraph/speedscope (self time in µs)"),
        Format("--json", ReportFormat.Json, "the call tree as JSON (with --top: the flat profile)", diffDescription: "the diff as JSON"),
        Format("--chrome", ReportFormat.Chrome,
            "Chrome Trace Event JSON, one event per call, flows from started work to its runs (Perfetto, chrome://tracing)"),
        Format("--speedscope", ReportFormat.Speedscope, "speedscope's format, one evented profile per thread"),
        Format("--html", ReportFormat.Html, "one offline HTML file: flame graph with zoom and search, top table, facts"),

        // Views.
        Value("--depth", HelpSection.Views, "n", WholeNumberFromOne, "leave out calls deeper than n (roots are depth 1)",
            (a, depth) => a.Options.Depth = depth),
        Value("--min-percent", HelpSection.Views, "p", Percentage("a percentage from 0 to 100", 100), "leave out calls under p% of the total time",
            (a, percent) => a.Options.MinPercent = percent,
            diffDescription: "noise floor: and at least p% of the longer trace's total (default 1)"),
        Value("--min-duration", HelpSection.Views, "d", Duration, "leave out calls shorter than d (5ms, 200us, 1.5s, 300ns)",
            (a, nanoseconds) => a.Options.MinDurationNanos = nanoseconds,
            diffDescription: "noise floor: list functions with at least this total time (default 1ms)"),
        Value("--thread", HelpSection.Views, "t", Text("a thread name, a managed thread id, or #index"),
            "only thread t: a name (globs ok), a managed thread id, or #index; repeatable",
            (a, thread) => a.Options.Threads.Add(thread), diffDescription: "compare these threads of both traces; repeatable", repeatable: true),
        Flag("--threads", HelpSection.Views,
            "one tree per thread (each thread's own calls) instead of the logical tree, where spawned work and async calls (⇢) hang under the frame that started them",
            a => a.Options.PerThread = true),
        Value("--focus", HelpSection.Views, "function", Text("a function: full name, short name or glob"),
            "the merged subtree under every call of a function", (a, function) => a.Options.Focus = function),
        Value("--callers", HelpSection.Views, "function", Text("a function: full name, short name or glob"),
            "the inverted tree: who calls a function, and how much time comes through each path", (a, function) => a.Options.Callers = function),
        Value("--top", HelpSection.Views, "n", WholeNumberFromOne, "the flat profile: n functions by self time, with total, wait, calls and average",
            (a, top) => a.Options.Top = top, diffDescription: "list the first n functions only"),

        // diff only.
        Value("--fail-above", HelpSection.Diff, "percent", Percentage("a percentage, e.g. 10", double.MaxValue),
            "diff: exit 1 when a listed function's total time grew by more than this", (a, percent) => a.FailAbove = percent,
            diffDescription: "exit 1 when a listed function's total time grew by more than this"),

        // Export.
        Value("--otlp", HelpSection.Export, "endpoint", OtlpEndpoint,
            "send the calls as OpenTelemetry spans to an OTLP endpoint instead of printing: http://localhost:4318 (HTTP/protobuf) or http://localhost:4317 (gRPC)",
            (a, endpoint) => a.Options.OtlpEndpoint = endpoint),
        Value("--otlp-protocol", HelpSection.Export, "p",
            Choice("grpc or http", ("grpc", OtlpProtocol.Grpc), ("http", OtlpProtocol.HttpProtobuf), ("http/protobuf", OtlpProtocol.HttpProtobuf)),
            "grpc or http (default: grpc for port 4317, http for any other)", (a, protocol) => a.Options.OtlpProtocol = protocol),
        Value("--service-name", HelpSection.Export, "name", Text("a name"),
            "the spans' service.name (default: the traced process's name)", (a, name) => a.Options.ServiceName = name),

        // Output.
        Value("--export-limit", HelpSection.Output, "size", Size,
            "refuse a --chrome, --speedscope, --json or --folded export estimated larger than this, before writing it (default 4G; 0 for no limit)",
            (a, bytes) => a.Options.ExportLimitBytes = bytes),
        Flag("--raw", HelpSection.Output, "times as the clock measured them, the tracer's own cost per call included (by default it is taken out)",
            a => a.Options.Raw = true, diffDescription: "compare times as measured, the tracer's cost included"),
        Flag("--full-names", HelpSection.Output, "namespace-qualified names in the tree, tables, Chrome and HTML output",
            a => a.Options.FullNames = true, diffDescription: "namespace-qualified names"),
        Value("--output", HelpSection.Output, "file", FileName, "write the report to a file instead of standard output",
            (a, path) => a.Options.OutputPath = path, diffDescription: "write the diff to a file instead of standard output", aliases: "-o"),
        Value("--color", HelpSection.Output, "when",
            Choice("auto, always or never", ("auto", ColorMode.Auto), ("always", ColorMode.Always), ("never", ColorMode.Never)),
            "auto (default: when stdout is a terminal and NO_COLOR is unset), always, never",
            (a, mode) => a.Options.Color = mode, diffDescription: "auto (default), always, never"),

        // Single calls.
        ValueAndCount("--slowest", HelpSection.Views, "<function> [n]", Text("a function: full name, short name or glob"),
            "the n slowest single calls of a function (default 10), each as its own tree: start, thread, duration, its callees merged",
            (a, function) => a.Options.Slowest = function, (a, count) => a.Options.SlowestCount = count),
        Value("--calls-of", HelpSection.Views, "function", Text("a function: full name, short name or glob"),
            "every call of a function as a time series for plotting: start, duration, thread (CSV, or JSON with --json)",
            (a, function) => a.Options.CallsOf = function),
        Format("--csv", ReportFormat.Csv, "comma-separated values: the time series of --calls-of (its default)"),

        // ---- New reporter options go here, one entry each. ----
    };

    /// <summary>The names of the format flags (<c>--folded</c> …), which <c>gotrace flame</c> and <c>gotrace json</c> leave out.</summary>
    public static bool IsFormat(ReportOptionSpec spec) => spec.Section == HelpSection.Formats;

    private static ReportOptionSpec Format(string name, ReportFormat format, string description, string? diffDescription = null) =>
        new(name, System.Array.Empty<string>(), HelpSection.Formats, null, null, description, diffDescription, false,
            (arguments, _, _) => arguments.SetFormat(name, format));
}
