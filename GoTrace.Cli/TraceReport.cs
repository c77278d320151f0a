using System.IO;
using GoTrace.Reporter;
using GoTrace.Reporter.CommandLine;

namespace GoTrace.Cli;

/// <summary>Reports a trace the way <c>gotrace report</c> does, as the command line asked.</summary>
public static class TraceReport
{
    /// <summary>Reports <paramref name="tracePath"/>; returns the reporter's exit code.</summary>
    public static int Print(string tracePath, ReportArguments report, CliConsole console)
    {
        if (!File.Exists(tracePath))
        {
            console.Error.WriteLine("gotrace: the program wrote no trace (it exited before any traced method ran, or could not load GoTrace.Runtime)");
            return ExitCodes.Failure;
        }

        report.Paths.Clear();
        report.Paths.Add(tracePath);
        var exitCode = ReportCommand.Run(report, console.Out, console.Error, console.Terminal);
        console.Out.Flush();
        return exitCode;
    }
}
