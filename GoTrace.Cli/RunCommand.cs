using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using GoTrace.Reporter;
using GoTrace.Reporter.CommandLine;

namespace GoTrace.Cli;

/// <summary>
/// The commands that build, weave and run a program:
/// <c>gotrace run|exec|flame|json [project] [program arguments] [options] [-- program arguments]</c>, each taking
/// the reporter's formats and views (<see cref="ReportOptionDefinitions"/>) for the report that follows the run.
/// </summary>
public static class RunCommand
{
    const string ProjectDescription = "The project file, or a folder holding exactly one (default: the current folder)";

    /// <summary><c>gotrace run</c>: the program's output, then its report (the call tree unless a format says otherwise).</summary>
    public static Command Create(IReadOnlyList<string> afterSeparator, CliConsole console)
    {
        var live = new Option<bool>("--live")
        {
            Description = "While the program runs, show what it is doing (gotrace top): the functions with the most time, calls/s, p99, the threads, every interval; q closes the view, the program goes on",
            Arity = ArgumentArity.Zero,
        }.InSection(LiveOptions.Section);
        var liveOptions = new LiveOptions();
        return Build("run",
            "Build a project into a temporary workspace, weave it, run it and print its call tree (or any report of gotrace report). Words after the project go to the program; those that look like options go after --.",
            afterSeparator, console, ReportOptionSet.ForRun(),
            parseResult => new RunShape(Live: parseResult.GetValue(live)
                ? new LiveRequest(liveOptions.Read(parseResult, console, TimeSpan.MaxValue).Interval, console.Terminal.OutputIsTerminal && !Console.IsInputRedirected)
                : null),
            new Option[] { live, liveOptions.Interval },
            check: parseResult => liveOptions.Check(parseResult)
                ?? (parseResult.GetValue(live) ? null : parseResult.GetResult(liveOptions.Interval) != null ? "--interval goes with --live" : null));
    }

    /// <summary><c>gotrace exec</c>: like run, and the trace file is kept (-o names it, so the report goes to stdout).</summary>
    public static Command CreateExec(IReadOnlyList<string> afterSeparator, CliConsole console)
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = "Where to keep the trace; {pid} becomes the process id (default: ./<App>.{pid}.gotrace)",
            HelpName = "file",
        };
        return Build("exec",
            "Like run, and keep the trace file (its path is printed) to report it again in any format with gotrace report.",
            afterSeparator, console, ReportOptionSet.ForRun(spec => spec.Name != "--output"),
            parseResult => new RunShape(KeepTrace: true, KeptTracePattern: parseResult.GetValue(output)), new Option[] { output });
    }

    /// <summary><c>gotrace flame</c>: folded stacks on stdout, the program's own stdout on stderr.</summary>
    public static Command CreateFlame(IReadOnlyList<string> afterSeparator, CliConsole console) =>
        CreateFormat("flame", "--folded", ReportFormat.Folded,
            "Build, weave and run a project, and print its folded stacks (a;b;c <self µs>) for FlameGraph or speedscope (gotrace run --folded). The program's own output goes to stderr.",
            afterSeparator, console);

    /// <summary><c>gotrace json</c>: the call tree as JSON on stdout, the program's own stdout on stderr.</summary>
    public static Command CreateJson(IReadOnlyList<string> afterSeparator, CliConsole console) =>
        CreateFormat("json", "--json", ReportFormat.Json,
            "Build, weave and run a project, and print its call tree as JSON (gotrace run --json). The program's own output goes to stderr.",
            afterSeparator, console);

    static Command CreateFormat(string name, string flag, ReportFormat format, string description, IReadOnlyList<string> afterSeparator,
        CliConsole console) =>
        Build(name, description, afterSeparator, console, ReportOptionSet.ForRun(spec => !ReportOptionDefinitions.IsFormat(spec)),
            _ => new RunShape(ProgramOutputToStderr: true), preset: report => report.SetFormat(flag, format));

    /// <summary>What differs between run, exec, flame and json.</summary>
    sealed record RunShape(bool ProgramOutputToStderr = false, bool KeepTrace = false, string? KeptTracePattern = null, LiveRequest? Live = null);

    static Command Build(string name, string description, IReadOnlyList<string> afterSeparator, CliConsole console,
        ReportOptionSet reportOptions, Func<ParseResult, RunShape> shape, Option[]? extraOptions = null,
        Action<ReportArguments>? preset = null, Func<ParseResult, string?>? check = null)
    {
        var project = PathArgument.Create("project", ProjectDescription, ".");
        var programArguments = ProgramArguments.Create();
        var options = new CommonOptions();
        var launch = new LaunchOptions();
        var command = new Command(name, description) { project, programArguments };
        command.SetUsage($"gotrace {name} [project] [program arguments] [options] [-- program arguments]");
        options.AddTo(command);
        launch.AddTo(command);
        foreach (var extra in extraOptions ?? Array.Empty<Option>())
        {
            command.Options.Add(extra);
        }

        reportOptions.AddTo(command);
        command.SetCheck((parseResult, args) => ReadReport(parseResult, args, reportOptions, preset, out var report) ?? check?.Invoke(parseResult)
            ?? (shape(parseResult).Live != null && report.WritesDataToStdout
                ? "--live shows its view on stdout: the report after it is the tree or the --top table there; write other formats to a file with -o"
                : null));
        command.SetAction(parseResult =>
        {
            ReadReport(parseResult, null, reportOptions, preset, out var report);
            var settings = options.Read(parseResult);
            var log = new StatusLog(console.Error, settings.Verbose);
            var how = shape(parseResult);
            var request = new TracedRunRequest(parseResult.GetValue(project)!, settings,
                ProgramArguments.Read(parseResult, programArguments, afterSeparator), report, launch.Read(parseResult),
                how.ProgramOutputToStderr || report.WritesDataToStdout, how.KeepTrace, how.KeptTracePattern, how.Live);
            return CliException.Guard(log, () => TracedRun.Execute(request, console, log));
        });
        return command;
    }

    /// <summary>The report options of a run command line, or the first problem with them.</summary>
    internal static string? ReadReport(ParseResult parseResult, IReadOnlyList<string>? args, ReportOptionSet reportOptions,
        Action<ReportArguments>? preset, out ReportArguments report)
    {
        report = new ReportArguments { Tool = "gotrace" };
        preset?.Invoke(report);
        return reportOptions.Read(parseResult, args, report) ?? ReportRules.Check(report, checkPaths: false)
            ?? (report.GivenBack.Count > 0
                ? $"--slowest takes a function and an optional count, and '{report.GivenBack[0]}' is no count; the program's arguments go before the report options or after --"
                : null);
    }
}
