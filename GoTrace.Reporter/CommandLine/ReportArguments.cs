using System.Collections.Generic;

namespace GoTrace.Reporter.CommandLine;

/// <summary>A reporter command line, read: the trace files, how to report them, and diff's limit.</summary>
public sealed class ReportArguments
{
    public bool IsDiff { get; init; }

    /// <summary>The program, for messages: <c>gotrace-report</c>, or <c>gotrace</c> (whose reporter is <c>gotrace report</c>).</summary>
    public string Tool { get; init; } = "gotrace-report";

    /// <summary>How the user runs a report: <c>gotrace-report</c> or <c>gotrace report</c>.</summary>
    public string ReportCommand => Tool == "gotrace" ? "gotrace report" : Tool;

    public List<string> Paths { get; } = new();

    public ReportOptions Options { get; } = new();

    /// <summary>diff: exit 1 when a function got slower by more than this percentage.</summary>
    public double? FailAbove { get; set; }

    /// <summary>The format flag given (<c>--json</c> …), for messages; null for the default tree.</summary>
    public string? FormatFlag { get; private set; }

    /// <summary>A report other than the tree or table (folded, JSON, a timeline, HTML, the calls of <c>--calls-of</c>) that goes to standard output.</summary>
    public bool WritesDataToStdout => (Options.Format != ReportFormat.Tree || Options.CallsOf != null) && Options.OutputPath == null;

    /// <summary>
    /// Words an option with an optional count took that are not a count (<c>--slowest F trace.gotrace</c>): they are
    /// the command's own arguments, in order.
    /// </summary>
    public List<string> GivenBack { get; } = new();

    /// <summary>Chooses the format; a second, different format flag is refused.</summary>
    public string? SetFormat(string flag, ReportFormat format)
    {
        if (FormatFlag != null && FormatFlag != flag)
        {
            return $"{FormatFlag} and {flag} cannot be combined";
        }

        FormatFlag = flag;
        Options.Format = format;
        return null;
    }
}
