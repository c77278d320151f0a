using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using GoTrace.Reporter.CommandLine;

namespace GoTrace.Cli;

/// <summary>
/// <c>gotrace test [test-project] [--include F] [--exclude F] [-v] [-c C] [-f TFM] [report options] [-- dotnet test args]</c>:
/// build the test project into a workspace, weave the test assembly and the solution's assemblies it
/// references, run <c>dotnet test</c> on the woven copy and report the trace (the call tree, each test a root).
/// </summary>
public static class TestCommand
{
    public static Command Create(IReadOnlyList<string> testArguments, CliConsole console)
    {
        var project = PathArgument.Create("project", "The test project file, or a folder holding exactly one (default: the current folder)", ".");
        var options = new CommonOptions();
        var command = new Command("test",
            "Build a test project into a temporary workspace, weave it and the projects it tests, run its tests with dotnet test and print the call tree, each test a root. Arguments after -- go to dotnet test (--filter, --logger, …).")
        {
            project,
        };
        options.AddTo(command);
        var reportOptions = ReportOptionSet.ForRun();
        reportOptions.AddTo(command);
        command.SetUsage("gotrace test [test-project] [options] [-- dotnet test arguments]");
        command.SetCheck((parseResult, args) => RunCommand.ReadReport(parseResult, args, reportOptions, null, out _));
        command.SetAction(parseResult =>
        {
            RunCommand.ReadReport(parseResult, null, reportOptions, null, out var report);
            var settings = options.Read(parseResult);
            var log = new StatusLog(console.Error, settings.Verbose);
            return CliException.Guard(log, () => Execute(parseResult.GetValue(project)!, settings, testArguments, report, console, log));
        });
        return command;
    }

    public static int Execute(string projectPath, CommandSettings settings, IReadOnlyList<string> testArguments,
        ReportArguments report, CliConsole console, StatusLog log)
    {
        FilterCheck.Validate(settings.Include, settings.Exclude, settings.TinyMembers);
        var project = ProjectLocator.Locate(projectPath);
        if (report.Options.OutputPath != null)
        {
            OutputPathCheck.RequireWritable(report.Options.OutputPath);
        }

        using var workspace = Workspace.Create();
        workspace.Keep = log.IsVerbose;
        log.Verbose($"workspace {workspace.Root}");

        var build = ProgramBuild.Build(project, settings, workspace, log, requireProgram: false);
        TestProjectCheck.Require(build, project, projectPath);
        var entry = AppStager.Stage(build.TargetPath, workspace.AppDirectory);
        var traced = SolutionWeaver.Traced(SolutionWeaver.Weave(entry, settings.Include, settings.Exclude, log, settings.TinyMembers));

        // The test host is the process that runs woven code; dotnet test and vstest.console write no trace.
        var tracePattern = Path.Combine(workspace.Root, $"trace.{TraceEnvironment.ProcessIdPlaceholder}.gotrace");
        var arguments = new List<string> { "test", entry };
        arguments.AddRange(testArguments);
        arguments.AddRange(TestResultsDirectory.Arguments(testArguments, project));
        log.Verbose($"running dotnet {string.Join(" ", arguments)}");
        console.Out.Flush();
        log.Error.Flush();
        // A report that is data (JSON, folded, …) keeps stdout to itself: dotnet test's output goes to stderr.
        var outcome = ProgramRunner.RunDotnet(arguments, TraceEnvironment.For(tracePattern), report.WritesDataToStdout ? log.Error : null);

        var reportCode = ExitCodes.Success;
        if (traced)
        {
            reportCode = Report(workspace.Root, report, console, log);
        }

        if (workspace.Keep)
        {
            log.Note($"workspace kept at {workspace.Root}");
        }

        return outcome.ExitCode != 0 ? outcome.ExitCode : reportCode;
    }

    /// <summary>Reports every test host's trace (usually one), each under a header when there are several.</summary>
    static int Report(string workspaceRoot, ReportArguments report, CliConsole console, StatusLog log)
    {
        var traces = Directory.EnumerateFiles(workspaceRoot, "trace.*.gotrace")
            .OrderBy(File.GetLastWriteTimeUtc)
            .ToList();
        if (traces.Count == 0)
        {
            log.Note("no traced code ran (did any test run?)");
            return ExitCodes.Success;
        }

        var exitCode = ExitCodes.Success;
        foreach (var trace in traces)
        {
            if (traces.Count > 1)
            {
                console.Out.WriteLine($"== test host {Path.GetFileNameWithoutExtension(trace).Substring("trace.".Length)} ==");
            }

            var code = TraceReport.Print(trace, report, console);
            exitCode = exitCode != ExitCodes.Success ? exitCode : code;
        }

        return exitCode;
    }
}
