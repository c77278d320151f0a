using System.IO;
using GoTrace.Reporter;

namespace GoTrace.Cli;

/// <summary>Where gotrace writes (its stdout, its stderr) and what of it is a terminal (colour and progress of reports).</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error, ReportConsole Terminal)
{
    public static CliConsole Redirected(TextWriter stdout, TextWriter stderr) => new(stdout, stderr, ReportConsole.Redirected);
}
