using System.Collections.Generic;
using System.CommandLine;
using GoTrace.Reporter;
using GoTrace.Reporter.CommandLine;

namespace GoTrace.Cli;

/// <summary>
/// <c>gotrace report &lt;trace-file&gt; …</c> and <c>gotrace diff &lt;base&gt; &lt;head&gt; …</c>: the reporter's own
/// commands (<see cref="ReportCommandLine"/>), mounted in gotrace. They behave as <c>gotrace-report</c> does.
/// </summary>
public static class ReportCommands
{
    public static Command CreateReport(IReadOnlyList<string> args, CliConsole console) =>
        Mount(ReportCommandLine.Report(new Command("report", ReportCommandLine.ReportDescription), "gotrace"), args, console);

    public static Command CreateDiff(IReadOnlyList<string> args, CliConsole console) =>
        Mount(ReportCommandLine.Diff(new Command("diff", ReportCommandLine.DiffDescription), "gotrace"), args, console);

    static Command Mount(ReportCommandLine definition, IReadOnlyList<string> args, CliConsole console)
    {
        definition.Command.SetAction(parseResult =>
        {
            // The command's check has already refused a bad command line: this reads the same line again.
            var arguments = definition.Read(parseResult, args, out var error);
            if (arguments == null)
            {
                console.Error.WriteLine("gotrace: " + error);
                return ExitCodes.Usage;
            }

            return ReportCommand.Run(arguments, console.Out, console.Error, console.Terminal);
        });
        return definition.Command;
    }
}
