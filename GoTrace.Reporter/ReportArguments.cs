using System;
using System.Collections.Generic;
using System.Globalization;

namespace GoTrace.Reporter;

/// <summary>
/// The command line of <c>gotrace-report</c>, parsed by hand: <c>&lt;trace&gt; [options]</c>, or
/// <c>diff &lt;base&gt; &lt;head&gt; [options]</c>. Options take their value as <c>--name value</c> or <c>--name=value</c>.
/// </summary>
internal sealed class ReportArguments
{
    private static readonly Dictionary<string, ReportFormat> FormatFlags = new(StringComparer.Ordinal)
    {
        ["--folded"] = ReportFormat.Folded,
        ["--json"] = ReportFormat.Json,
        ["--chrome"] = ReportFormat.Chrome,
        ["--speedscope"] = ReportFormat.Speedscope,
        ["--html"] = ReportFormat.Html,
    };

    private static readonly HashSet<string> ValueOptions = new(StringComparer.Ordinal)
    {
        "-o", "--output", "--depth", "--min-percent", "--min-duration", "--thread", "--focus", "--callers", "--top", "--color", "--fail-above", "--export-limit",
    };

    public bool IsDiff { get; private set; }

    public List<string> Paths { get; } = new();

    public ReportOptions Options { get; } = new();

    /// <summary>diff: exit 1 when a function got slower by more than this percentage.</summary>
    public double? FailAbove { get; private set; }

    public bool ShowHelp { get; private set; }

    public bool ShowVersion { get; private set; }

    /// <summary>Parses <paramref name="args"/>; on failure <paramref name="error"/> says what is wrong in one line.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out ReportArguments parsed, out string error)
    {
        parsed = new ReportArguments();
        error = string.Empty;
        var start = 0;
        if (args.Count > 0 && args[0] == "diff")
        {
            parsed.IsDiff = true;
            start = 1;
        }

        var formatFlag = (string?)null;
        var optionsEnded = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = start; i < args.Count; i++)
        {
            var arg = args[i];
            if (optionsEnded || arg.Length < 2 || arg[0] != '-')
            {
                parsed.Paths.Add(arg);
                continue;
            }

            var name = arg;
            string? value = null;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 2)
            {
                name = arg.Substring(0, equals);
                value = arg.Substring(equals + 1);
            }

            if (ValueOptions.Contains(name) && value == null)
            {
                if (i + 1 >= args.Count)
                {
                    error = $"{name} needs {Expected(name)}";
                    return false;
                }

                value = args[++i];
            }
            else if (!ValueOptions.Contains(name) && value != null)
            {
                error = $"{name} takes no value (see --help)";
                return false;
            }

            if (name != "--thread" && ValueOptions.Contains(name) && !seen.Add(name == "-o" ? "--output" : name))
            {
                error = $"{name} is given twice";
                return false;
            }

            if (!parsed.Apply(name, value, ref formatFlag, ref optionsEnded, out error))
            {
                return false;
            }
        }

        return parsed.Validate(formatFlag, out error);
    }

    private static string Expected(string name) => name switch
    {
        "-o" or "--output" => "a file name",
        "--depth" or "--top" => "a whole number from 1",
        "--min-percent" => "a percentage from 0 to 100",
        "--fail-above" => "a percentage, e.g. 10",
        "--min-duration" => "a duration like 5ms, 200us, 1.5s or 300ns",
        "--thread" => "a thread name, a managed thread id, or #index",
        "--focus" or "--callers" => "a function: full name, short name or glob",
        "--color" => "auto, always or never",
        "--export-limit" => "a size like 4G, 500M or 20G (0: no limit)",
        _ => "see --help",
    };

    private bool Apply(string name, string? value, ref string? formatFlag, ref bool optionsEnded, out string error)
    {
        error = string.Empty;
        switch (name)
        {
            case "--":
                optionsEnded = true;
                return true;
            case "-h":
            case "--help":
                ShowHelp = true;
                return true;
            case "--version":
                ShowVersion = true;
                return true;
            case "--full-names":
                Options.FullNames = true;
                return true;
            case "--threads":
                Options.PerThread = true;
                return true;
            case "-o":
            case "--output":
                if (value!.Length == 0)
                {
                    error = $"{name} needs a file name";
                    return false;
                }

                Options.OutputPath = value;
                return true;
            case "--depth":
                Options.Depth = PositiveInteger(name, value!, out error);
                return Options.Depth != null;
            case "--top":
                Options.Top = PositiveInteger(name, value!, out error);
                return Options.Top != null;
            case "--min-percent":
                Options.MinPercent = Percentage(name, value!, 100, out error);
                return Options.MinPercent != null;
            case "--fail-above":
                FailAbove = Percentage(name, value!, double.MaxValue, out error);
                return FailAbove != null;
            case "--min-duration":
                if (!DurationArgument.TryParse(value!, out var nanoseconds))
                {
                    error = $"{name} needs {Expected(name)} (got '{value}')";
                    return false;
                }

                Options.MinDurationNanos = nanoseconds;
                return true;
            case "--thread":
                if (value!.Trim().Length == 0)
                {
                    error = $"--thread needs {Expected(name)}";
                    return false;
                }

                Options.Threads.Add(value.Trim());
                return true;
            case "--focus":
            case "--callers":
                if (value!.Trim().Length == 0)
                {
                    error = $"{name} needs {Expected(name)}";
                    return false;
                }

                if (name == "--focus")
                {
                    Options.Focus = value.Trim();
                }
                else
                {
                    Options.Callers = value.Trim();
                }

                return true;
            case "--export-limit":
                if (!SizeArgument.TryParse(value!, out var limit))
                {
                    error = $"{name} needs {Expected(name)} (got '{value}')";
                    return false;
                }

                Options.ExportLimitBytes = limit;
                return true;
            case "--color":
                switch (value)
                {
                    case "auto": Options.Color = ColorMode.Auto; return true;
                    case "always": Options.Color = ColorMode.Always; return true;
                    case "never": Options.Color = ColorMode.Never; return true;
                    default:
                        error = $"--color needs auto, always or never (got '{value}')";
                        return false;
                }

            default:
                if (FormatFlags.TryGetValue(name, out var format))
                {
                    if (formatFlag != null && formatFlag != name)
                    {
                        error = $"{formatFlag} and {name} cannot be combined";
                        return false;
                    }

                    formatFlag = name;
                    Options.Format = format;
                    return true;
                }

                error = $"unknown option: {name} (see --help)";
                return false;
        }
    }

    private bool Validate(string? formatFlag, out string error)
    {
        error = string.Empty;
        if (ShowHelp || ShowVersion)
        {
            return true;
        }

        var o = Options;
        if (IsDiff)
        {
            if (Paths.Count != 2)
            {
                error = Paths.Count < 2
                    ? "diff needs two trace files (usage: gotrace-report diff <base> <head> [--fail-above <percent>])"
                    : $"unexpected argument: {Paths[2]} (diff compares two trace files)";
                return false;
            }

            foreach (var (flag, given) in new[] { ("--focus", o.Focus != null), ("--callers", o.Callers != null), ("--depth", o.Depth != null) })
            {
                if (given)
                {
                    error = $"{flag} does not apply to diff";
                    return false;
                }
            }

            if (formatFlag != null && o.Format != ReportFormat.Json)
            {
                error = $"{formatFlag} does not apply to diff (it prints a table, or JSON with --json)";
                return false;
            }

            return true;
        }

        if (FailAbove != null)
        {
            error = "--fail-above applies to diff only (gotrace-report diff <base> <head> --fail-above <percent>)";
            return false;
        }

        if (Paths.Count == 0)
        {
            error = "missing trace file (usage: gotrace-report <trace-file> [options]; see --help)";
            return false;
        }

        if (Paths.Count > 1)
        {
            error = $"unexpected argument: {Paths[1]} (one trace file at a time; to compare two, use gotrace-report diff <base> <head>)";
            return false;
        }

        if (o.Focus != null && o.Callers != null)
        {
            error = "--focus and --callers cannot be combined";
            return false;
        }

        if (o.Top != null)
        {
            if (formatFlag != null && o.Format != ReportFormat.Json)
            {
                error = $"--top prints a table: it goes with the tree output or --json, not {formatFlag}";
                return false;
            }

            if (o.Callers != null)
            {
                error = "--top and --callers cannot be combined";
                return false;
            }

            if (o.Depth != null)
            {
                error = "--depth does not apply to --top";
                return false;
            }
        }

        if (o.PerThread)
        {
            var (flag, given) = o.Focus != null ? ("--focus", true)
                : o.Callers != null ? ("--callers", true)
                : o.Top != null ? ("--top", true)
                : formatFlag != null && o.Format is not (ReportFormat.Folded or ReportFormat.Json) ? (formatFlag, true)
                : (string.Empty, false);
            if (given)
            {
                error = o.IsTimeline
                    ? $"--threads does not apply to {flag}: it already shows each thread on its own"
                    : $"--threads goes with the tree, --folded or --json, not {flag}";
                return false;
            }
        }

        if (o.IsTimeline)
        {
            var applies = o.Format == ReportFormat.Chrome ? "--thread, --depth and --min-duration" : "--thread and --depth";
            var (flag, given) = o.Focus != null ? ("--focus", true)
                : o.Callers != null ? ("--callers", true)
                : o.MinPercent != null ? ("--min-percent", true)
                : o.MinDurationNanos != null && o.Format == ReportFormat.Speedscope ? ("--min-duration", true)
                : (string.Empty, false);
            if (given)
            {
                error = $"{flag} does not apply to {formatFlag} (a timeline of every call; it takes {applies})";
                return false;
            }
        }

        return true;
    }

    private static int? PositiveInteger(string name, string value, out string error)
    {
        error = string.Empty;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1)
        {
            return number;
        }

        error = $"{name} needs {Expected(name)} (got '{value}')";
        return null;
    }

    private static double? Percentage(string name, string value, double max, out string error)
    {
        error = string.Empty;
        var text = value.EndsWith('%') ? value.Substring(0, value.Length - 1) : value;
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number) && number >= 0 && number <= max)
        {
            return number;
        }

        error = $"{name} needs {Expected(name)} (got '{value}')";
        return null;
    }
}
