using System.Collections.Generic;
using System.IO;
using GoTrace.Reporter;

namespace GoTrace.Cli;

/// <summary>Prints a trace the way <c>gotrace-report</c> does.</summary>
public static class TraceReport
{
    /// <summary>Prints the call tree, folded stacks or JSON; returns the reporter's exit code.</summary>
    public static int Print(string tracePath, TextWriter stdout, TextWriter stderr, ReportFormat format = ReportFormat.Tree,
        string? outputPath = null)
    {
        if (!File.Exists(tracePath))
        {
            stderr.WriteLine("gotrace: the program wrote no trace (it exited before any traced method ran, or could not load GoTrace.Runtime)");
            return ExitCodes.Failure;
        }

        var arguments = new List<string> { tracePath };
        if (format == ReportFormat.Folded)
        {
            arguments.Add("--folded");
        }
        else if (format == ReportFormat.Json)
        {
            arguments.Add("--json");
        }

        if (outputPath != null)
        {
            arguments.Add("--output=" + outputPath);
        }

        var exitCode = ReportCommand.Run(arguments.ToArray(), stdout, stderr);
        stdout.Flush();
        return exitCode;
    }
}
