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
}

/// <summary>How a trace is reported.</summary>
public sealed class ReportOptions
{
    public ReportFormat Format { get; set; } = ReportFormat.Tree;

    /// <summary>Tree only: show namespace-qualified names (folded and JSON always do).</summary>
    public bool FullNames { get; set; }

    /// <summary>Write the report to this file instead of standard output.</summary>
    public string? OutputPath { get; set; }
}
