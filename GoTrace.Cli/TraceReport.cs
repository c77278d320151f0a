using System.IO;
using GoTrace.Reporter;

namespace GoTrace.Cli;

/// <summary>Prints a trace the way <c>gotrace-report</c> does.</summary>
public static class TraceReport
{
    /// <summary>Prints the call tree (or the format <paramref name="reporterOptions"/> asks for); returns the reporter's exit code.</summary>
    public static int Print(string tracePath, TextWriter stdout, TextWriter stderr, params string[] reporterOptions)
    {
        if (!File.Exists(tracePath))
        {
            stderr.WriteLine("gotrace: the program wrote no trace (it exited before any traced method ran, or could not load GoTrace.Runtime)");
            return ExitCodes.Failure;
        }

        var arguments = new string[reporterOptions.Length + 1];
        arguments[0] = tracePath;
        reporterOptions.CopyTo(arguments, 1);
        return ReportCommand.Run(arguments, stdout, stderr);
    }
}
