using System.Collections.Generic;

namespace GoTrace.Reporter;

/// <summary>The command line of <c>gotrace-report</c>, parsed by hand.</summary>
internal sealed class ReportArguments
{
    public string? TracePath { get; private set; }

    public ReportOptions Options { get; } = new();

    public bool ShowHelp { get; private set; }

    public bool ShowVersion { get; private set; }

    /// <summary>Parses <paramref name="args"/>; on failure <paramref name="error"/> says what is wrong in one line.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out ReportArguments parsed, out string error)
    {
        parsed = new ReportArguments();
        error = string.Empty;
        var formatFlag = (string?)null;
        var optionsEnded = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (optionsEnded || arg.Length < 2 || arg[0] != '-')
            {
                if (parsed.TracePath != null)
                {
                    error = $"unexpected argument: {arg} (one trace file at a time)";
                    return false;
                }

                parsed.TracePath = arg;
                continue;
            }

            switch (arg)
            {
                case "--":
                    optionsEnded = true;
                    break;
                case "-h":
                case "--help":
                    parsed.ShowHelp = true;
                    break;
                case "--version":
                    parsed.ShowVersion = true;
                    break;
                case "--folded":
                case "--json":
                    if (formatFlag != null && formatFlag != arg)
                    {
                        error = $"{formatFlag} and {arg} cannot be combined";
                        return false;
                    }

                    formatFlag = arg;
                    parsed.Options.Format = arg == "--json" ? ReportFormat.Json : ReportFormat.Folded;
                    break;
                case "--full-names":
                    parsed.Options.FullNames = true;
                    break;
                case "-o":
                case "--output":
                    if (i + 1 >= args.Count || args[i + 1].Length == 0)
                    {
                        error = $"{arg} needs a file name";
                        return false;
                    }

                    parsed.Options.OutputPath = args[++i];
                    break;
                default:
                    if (arg.StartsWith("--output=", System.StringComparison.Ordinal) && arg.Length > "--output=".Length)
                    {
                        parsed.Options.OutputPath = arg.Substring("--output=".Length);
                        break;
                    }

                    error = $"unknown option: {arg} (see --help)";
                    return false;
            }
        }

        if (parsed.TracePath == null && !parsed.ShowHelp && !parsed.ShowVersion)
        {
            error = "missing trace file (usage: gotrace-report <trace-file> [--folded|--json] [--full-names] [-o <file>])";
            return false;
        }

        return true;
    }
}
