using System;
using System.Collections.Generic;

namespace GoTrace.Reporter;

/// <summary>Output formats of the reporter.</summary>
public enum ReportFormat
{
    /// <summary>The indented call tree with durations, percentages and call counts.</summary>
    Tree,

    /// <summary>Brendan Gregg's collapsed stacks, weighted by self time in µs.</summary>
    Folded,

    /// <summary>The call tree as nested JSON objects.</summary>
    Json,

    /// <summary>Chrome Trace Event JSON: one complete event per call (Perfetto, chrome://tracing).</summary>
    Chrome,

    /// <summary>speedscope's file format, one evented profile per thread.</summary>
    Speedscope,

    /// <summary>One self-contained offline HTML file: flame graph, top table, facts.</summary>
    Html,

    /// <summary>Comma-separated values: the time series of <c>--calls-of</c>.</summary>
    Csv,
}

/// <summary>When to colour the output.</summary>
public enum ColorMode
{
    /// <summary>When standard output is a terminal, <c>NO_COLOR</c> is unset and the report is not going to a file.</summary>
    Auto,
    Always,
    Never,
}

/// <summary>How a trace is reported.</summary>
public sealed class ReportOptions
{
    public ReportFormat Format { get; set; } = ReportFormat.Tree;

    /// <summary>Tree, top table, Chrome and HTML: show namespace-qualified names (folded, JSON and speedscope always do).</summary>
    public bool FullNames { get; set; }

    /// <summary>Write the report to this file instead of standard output.</summary>
    public string? OutputPath { get; set; }

    /// <summary>Leave out calls deeper than this (roots are depth 1).</summary>
    public int? Depth { get; set; }

    /// <summary>Leave out calls whose total is under this percentage of the trace's total.</summary>
    public double? MinPercent { get; set; }

    /// <summary>Leave out calls whose total is under this many nanoseconds.</summary>
    public long? MinDurationNanos { get; set; }

    /// <summary>One tree per thread, each thread's own calls, instead of the logical tree linking work across threads.</summary>
    public bool PerThread { get; set; }

    /// <summary>Only these threads (<see cref="ThreadSelector"/> rules); all when empty.</summary>
    public List<string> Threads { get; } = new();

    /// <summary>Show the merged subtree under every call of the functions this names (<see cref="FunctionMatcher"/>).</summary>
    public string? Focus { get; set; }

    /// <summary>Show the inverted tree of who calls the functions this names.</summary>
    public string? Callers { get; set; }

    /// <summary>Show the flat profile's first N functions by self time instead of the tree.</summary>
    public int? Top { get; set; }

    /// <summary>Show the slowest single calls of the functions this names, each as its own tree (<see cref="SingleCallReport"/>).</summary>
    public string? Slowest { get; set; }

    /// <summary>How many calls <see cref="Slowest"/> shows.</summary>
    public int SlowestCount { get; set; } = 10;

    /// <summary>List every call of the functions this names as a time series: start, duration, thread (CSV or JSON).</summary>
    public string? CallsOf { get; set; }

    /// <summary>True when the report is made of single calls (<see cref="Slowest"/>, <see cref="CallsOf"/>), not of the merged tree.</summary>
    public bool IsSingleCalls => Slowest != null || CallsOf != null;

    public ColorMode Color { get; set; } = ColorMode.Auto;

    /// <summary>Send the calls as spans to this OTLP endpoint instead of printing a report (<see cref="OtlpExporter"/>).</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>The OTLP endpoint's protocol; when null, gRPC for port 4317 and HTTP/protobuf otherwise.</summary>
    public OtlpProtocol? OtlpProtocol { get; set; }

    /// <summary>The spans' <c>service.name</c>; the traced process's name when null.</summary>
    public string? ServiceName { get; set; }

    /// <summary>
    /// Refuse an export (<c>--chrome</c>, <c>--speedscope</c>, <c>--json</c>, <c>--folded</c>) estimated larger than
    /// this many bytes, before writing it; 0 for no limit (<c>--export-limit</c>).
    /// </summary>
    public long ExportLimitBytes { get; set; } = ExportSize.DefaultLimit;

    /// <summary>Times as the clock measured them, the tracer's own cost included (<c>--raw</c>); by default it is taken out.</summary>
    public bool Raw { get; set; }

    /// <summary>True for the formats that replay every call in time order (one pass per output, no merged tree).</summary>
    public bool IsTimeline => Format is ReportFormat.Chrome or ReportFormat.Speedscope;
}
