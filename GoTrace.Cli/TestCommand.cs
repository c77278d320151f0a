using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;

namespace GoTrace.Cli;

/// <summary>
/// <c>gotrace test [test-project] [--include F] [--exclude F] [-v] [-c C] [-f TFM] [-- dotnet test args]</c>:
/// build the test project into a workspace, weave the test assembly and the solution's assemblies it
/// references, run <c>dotnet test</c> on the woven copy and print the call tree, each test a root.
/// </summary>
public static class TestCommand
{
    public static Command Create(IReadOnlyList<string> testArguments, TextWriter stdout, TextWriter stderr)
    {
        var project = PathArgument.Create("project", "The test project file, or a folder holding exactly one (default: the current folder)", ".");
        var options = new CommonOptions();
        var command = new Command("test",
            "Build a test project into a temporary workspace, weave it and the projects it tests, run its tests with dotnet test and print the call tree, each test a root. Arguments after -- go to dotnet test (--filter, --logger, …).")
        {
            project,
        };
        options.AddTo(command);
        command.SetAction(parseResult =>
        {
            var settings = options.Read(parseResult);
            var log = new StatusLog(stderr, settings.Verbose);
            return CliException.Guard(log, () => Execute(parseResult.GetValue(project)!, settings, testArguments, stdout, log));
        });
        return command;
    }

    public static int Execute(string projectPath, CommandSettings settings, IReadOnlyList<string> testArguments,
        TextWriter stdout, StatusLog log)
    {
        FilterCheck.Validate(settings.Include, settings.Exclude, settings.TinyMembers);
        var project = ProjectLocator.Locate(projectPath);

        using var workspace = Workspace.Create();
        workspace.Keep = log.IsVerbose;
        log.Verbose($"workspace {workspace.Root}");

        var build = ProgramBuild.Build(project, settings.Configuration, settings.Framework, workspace, log, requireProgram: false);
        TestProjectCheck.Require(build, project, projectPath);
        var entry = AppStager.Stage(build.TargetPath, workspace.AppDirectory);
        var traced = SolutionWeaver.Traced(SolutionWeaver.Weave(entry, settings.Include, settings.Exclude, log, settings.TinyMembers));

        // The test host is the process that runs woven code; dotnet test and vstest.console write no trace.
        var tracePattern = Path.Combine(workspace.Root, $"trace.{TraceEnvironment.ProcessIdPlaceholder}.gotrace");
        var arguments = new List<string> { "test", entry };
        arguments.AddRange(testArguments);
        arguments.AddRange(TestResultsDirectory.Arguments(testArguments, project));
        log.Verbose($"running dotnet {string.Join(" ", arguments)}");
        stdout.Flush();
        log.Error.Flush();
        var outcome = ProgramRunner.RunDotnet(arguments, TraceEnvironment.For(tracePattern));

        var reportCode = ExitCodes.Success;
        if (traced)
        {
            reportCode = Report(workspace.Root, stdout, log);
        }

        if (workspace.Keep)
        {
            log.Note($"workspace kept at {workspace.Root}");
        }

        return outcome.ExitCode != 0 ? outcome.ExitCode : reportCode;
    }

    /// <summary>Reports every test host's trace (usually one), each under a header when there are several.</summary>
    static int Report(string workspaceRoot, TextWriter stdout, StatusLog log)
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
                stdout.WriteLine($"== test host {Path.GetFileNameWithoutExtension(trace).Substring("trace.".Length)} ==");
            }

            var code = TraceReport.Print(trace, stdout, log.Error);
            exitCode = exitCode != ExitCodes.Success ? exitCode : code;
        }

        return exitCode;
    }
}
