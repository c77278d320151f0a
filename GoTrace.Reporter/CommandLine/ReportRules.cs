namespace GoTrace.Reporter.CommandLine;

/// <summary>The options that do not combine, and how many trace files each command takes: one line saying why.</summary>
public static class ReportRules
{
    /// <summary>The first rule <paramref name="a"/> breaks, or null; with <paramref name="checkPaths"/>, the trace files are counted too.</summary>
    public static string? Check(ReportArguments a, bool checkPaths = true) =>
        CheckOtlp(a) ?? (a.IsDiff ? CheckDiff(a, checkPaths) : CheckReport(a, checkPaths));

    /// <summary>--otlp sends spans instead of printing: it takes --min-duration, --otlp-protocol and --service-name only.</summary>
    private static string? CheckOtlp(ReportArguments a)
    {
        var o = a.Options;
        if (o.OtlpEndpoint == null)
        {
            var stray = o.OtlpProtocol != null ? "--otlp-protocol" : o.ServiceName != null ? "--service-name" : null;
            return stray == null ? null : $"{stray} goes with --otlp <endpoint>";
        }

        var flag = a.IsDiff ? "diff"
            : a.FormatFlag ?? (o.OutputPath != null ? "--output"
            : o.Depth != null ? "--depth"
            : o.MinPercent != null ? "--min-percent"
            : o.Threads.Count > 0 ? "--thread"
            : o.PerThread ? "--threads"
            : o.Focus != null ? "--focus"
            : o.Callers != null ? "--callers"
            : o.Top != null ? "--top"
            : o.Slowest != null ? "--slowest"
            : o.CallsOf != null ? "--calls-of"
            : null);
        return flag == null
            ? null
            : $"{flag} does not apply to --otlp (it sends every call of the trace; it takes --min-duration, --otlp-protocol and --service-name)";
    }

    private static string? CheckDiff(ReportArguments a, bool checkPaths)
    {
        var o = a.Options;
        if (checkPaths && a.Paths.Count != 2)
        {
            return a.Paths.Count < 2
                ? $"diff needs two trace files (usage: {a.Tool} diff <base> <head> [--fail-above <percent>])"
                : $"unexpected argument: {a.Paths[2]} (diff compares two trace files)";
        }

        foreach (var (flag, given) in new[]
        {
            ("--focus", o.Focus != null), ("--callers", o.Callers != null), ("--depth", o.Depth != null),
            ("--slowest", o.Slowest != null), ("--calls-of", o.CallsOf != null),
        })
        {
            if (given)
            {
                return $"{flag} does not apply to diff";
            }
        }

        return a.FormatFlag != null && o.Format != ReportFormat.Json
            ? $"{a.FormatFlag} does not apply to diff (it prints a table, or JSON with --json)"
            : null;
    }

    /// <summary>--slowest and --calls-of report single calls of a function, found in a pass over every call.</summary>
    private static string? CheckSingleCalls(ReportArguments a)
    {
        var o = a.Options;
        if (o.Slowest != null && o.CallsOf != null)
        {
            return "--slowest and --calls-of cannot be combined";
        }

        var which = o.Slowest != null ? "--slowest" : "--calls-of";
        var flag = o.Focus != null ? "--focus"
            : o.Callers != null ? "--callers"
            : o.Top != null ? "--top"
            : o.PerThread ? "--threads"
            : o.CallsOf != null && o.Depth != null ? "--depth"
            : o.CallsOf != null && o.MinPercent != null ? "--min-percent"
            : null;
        if (flag != null)
        {
            return $"{flag} does not apply to {which} (it reports single calls of the function it names)";
        }

        if (o.Slowest != null && o.Format is not (ReportFormat.Tree or ReportFormat.Json or ReportFormat.Folded))
        {
            return $"--slowest prints each call as a tree: it goes with the tree output, --json or --folded, not {a.FormatFlag}";
        }

        return o.CallsOf != null && o.Format is not (ReportFormat.Tree or ReportFormat.Csv or ReportFormat.Json)
            ? $"--calls-of prints a time series: CSV (the default, or --csv) or --json, not {a.FormatFlag}"
            : null;
    }

    private static string? CheckReport(ReportArguments a, bool checkPaths)
    {
        var o = a.Options;
        if (a.FailAbove != null)
        {
            return $"--fail-above applies to diff only ({a.Tool} diff <base> <head> --fail-above <percent>)";
        }

        if (checkPaths && a.Paths.Count == 0)
        {
            return $"missing trace file (usage: {a.ReportCommand} <trace-file> [options]; see --help)";
        }

        if (checkPaths && a.Paths.Count > 1)
        {
            return $"unexpected argument: {a.Paths[1]} (one trace file at a time; to compare two, use {a.Tool} diff <base> <head>)";
        }

        if (o.Focus != null && o.Callers != null)
        {
            return "--focus and --callers cannot be combined";
        }

        if (o.IsSingleCalls)
        {
            return CheckSingleCalls(a);
        }

        if (o.Format == ReportFormat.Csv)
        {
            return "--csv goes with --calls-of (the time series of a function's calls)";
        }

        if (o.Top != null)
        {
            if (a.FormatFlag != null && o.Format != ReportFormat.Json)
            {
                return $"--top prints a table: it goes with the tree output or --json, not {a.FormatFlag}";
            }

            if (o.Callers != null)
            {
                return "--top and --callers cannot be combined";
            }

            if (o.Depth != null)
            {
                return "--depth does not apply to --top";
            }
        }

        if (o.PerThread)
        {
            var flag = o.Focus != null ? "--focus"
                : o.Callers != null ? "--callers"
                : o.Top != null ? "--top"
                : a.FormatFlag != null && o.Format is not (ReportFormat.Folded or ReportFormat.Json) ? a.FormatFlag
                : null;
            if (flag != null)
            {
                return o.IsTimeline
                    ? $"--threads does not apply to {flag}: it already shows each thread on its own"
                    : $"--threads goes with the tree, --folded or --json, not {flag}";
            }
        }

        if (o.IsTimeline)
        {
            var applies = o.Format == ReportFormat.Chrome ? "--thread, --depth and --min-duration" : "--thread and --depth";
            var flag = o.Focus != null ? "--focus"
                : o.Callers != null ? "--callers"
                : o.MinPercent != null ? "--min-percent"
                : o.MinDurationNanos != null && o.Format == ReportFormat.Speedscope ? "--min-duration"
                : null;
            if (flag != null)
            {
                return $"{flag} does not apply to {a.FormatFlag} (a timeline of every call; it takes {applies})";
            }
        }

        return null;
    }
}
