using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using GoTrace.Reporter;

namespace GoTrace.Cli;

/// <summary>
/// The commands that build, weave and run a program:
/// <c>gotrace run|exec|flame|json [project] [--include F] [--exclude F] [-v] [-c C] [-f TFM] [-- program args]</c>.
/// </summary>
public static class RunCommand
{
    const string ProjectDescription = "The project file, or a folder holding exactly one (default: the current folder)";

    /// <summary><c>gotrace run</c>: the program's output, then its call tree.</summary>
    public static Command Create(IReadOnlyList<string> programArguments, TextWriter stdout, TextWriter stderr) =>
        Build("run",
            "Build a project into a temporary workspace, weave it, run it and print its call tree. Arguments after -- go to the program.",
            stdout, stderr, (project, settings, _) =>
                new TracedRunRequest(project, settings, programArguments));

    /// <summary><c>gotrace exec</c>: like run, and the trace file is kept.</summary>
    public static Command CreateExec(IReadOnlyList<string> programArguments, TextWriter stdout, TextWriter stderr)
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = "Where to keep the trace; {pid} becomes the process id (default: ./<App>.{pid}.gotrace)",
            HelpName = "file",
        };
        return Build("exec",
            "Like run, and keep the trace file (its path is printed) to report it again in any format with gotrace-report.",
            stdout, stderr, (project, settings, parseResult) =>
                new TracedRunRequest(project, settings, programArguments, KeepTrace: true,
                    KeptTracePattern: parseResult.GetValue(output)),
            output);
    }

    /// <summary><c>gotrace flame</c>: folded stacks on stdout, the program's own stdout on stderr.</summary>
    public static Command CreateFlame(IReadOnlyList<string> programArguments, TextWriter stdout, TextWriter stderr) =>
        CreateFormat("flame", ReportFormat.Folded,
            "Build, weave and run a project, and print its folded stacks (a;b;c <self µs>) for FlameGraph or speedscope. The program's own output goes to stderr.",
            programArguments, stdout, stderr);

    /// <summary><c>gotrace json</c>: the call tree as JSON on stdout, the program's own stdout on stderr.</summary>
    public static Command CreateJson(IReadOnlyList<string> programArguments, TextWriter stdout, TextWriter stderr) =>
        CreateFormat("json", ReportFormat.Json,
            "Build, weave and run a project, and print its call tree as JSON. The program's own output goes to stderr.",
            programArguments, stdout, stderr);

    static Command CreateFormat(string name, ReportFormat format, string description, IReadOnlyList<string> programArguments,
        TextWriter stdout, TextWriter stderr)
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = "Write the report to this file instead of stdout",
            HelpName = "file",
        };
        return Build(name, description, stdout, stderr, (project, settings, parseResult) =>
            new TracedRunRequest(project, settings, programArguments, format, ProgramOutputToStderr: true,
                ReportPath: parseResult.GetValue(output)), output);
    }

    static Command Build(string name, string description, TextWriter stdout, TextWriter stderr,
        System.Func<string, CommandSettings, ParseResult, TracedRunRequest> request, params Option[] extraOptions)
    {
        var project = PathArgument.Create("project", ProjectDescription, ".");
        var options = new CommonOptions();
        var command = new Command(name, description) { project };
        options.AddTo(command);
        foreach (var option in extraOptions)
        {
            command.Options.Add(option);
        }

        command.SetAction(parseResult =>
        {
            var settings = options.Read(parseResult);
            var log = new StatusLog(stderr, settings.Verbose);
            return CliException.Guard(log, () =>
                TracedRun.Execute(request(parseResult.GetValue(project)!, settings, parseResult), stdout, log));
        });
        return command;
    }
}
