using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;

namespace GoTrace.Cli;

/// <summary>
/// <c>gotrace run [project] [--include F] [--exclude F] [-v] [-c C] [-f TFM] [-- program args]</c>:
/// build into a workspace, weave the solution's assemblies, run the program, print its call tree.
/// </summary>
public static class RunCommand
{
    public static Command Create(IReadOnlyList<string> programArguments, TextWriter stdout, TextWriter stderr)
    {
        var project = new Argument<string>("project")
        {
            Description = "The project file, or a folder holding exactly one",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => ".",
        };
        // Without this, an unknown option would be taken for the project path.
        project.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.StartsWith('-'))
                {
                    result.AddError($"Unrecognized option '{token.Value}'");
                }
            }
        });
        var options = new CommonOptions();
        var command = new Command("run", "Build a project into a temporary workspace, weave it, run it and print its call tree. Arguments after -- go to the program.")
        {
            project,
        };
        options.AddTo(command);

        command.SetAction(parseResult =>
        {
            var log = new StatusLog(stderr, parseResult.GetValue(options.Verbose));
            return CliException.Guard(log, () => Execute(
                parseResult.GetValue(project)!,
                parseResult.GetValue(options.Configuration) ?? "Debug",
                parseResult.GetValue(options.Framework),
                parseResult.GetValue(options.Include),
                parseResult.GetValue(options.Exclude),
                programArguments, stdout, log));
        });
        return command;
    }

    public static int Execute(string projectPath, string configuration, string? framework, string? include, string? exclude,
        IReadOnlyList<string> programArguments, TextWriter stdout, StatusLog log)
    {
        var project = ProjectLocator.Locate(projectPath);
        using var workspace = Workspace.Create();
        workspace.Keep = log.IsVerbose;
        log.Verbose($"workspace {workspace.Root}");

        var targetPath = ProgramBuild.Build(project, configuration, framework, workspace, log);
        var entry = AppStager.Stage(targetPath, workspace.AppDirectory);
        var woven = SolutionWeaver.Weave(entry, include, exclude, log);
        var traced = woven.Any(result => result.WovenCount > 0 || result.AlreadyWoven);
        if (!traced)
        {
            log.Warning("no method was woven, so there is nothing to trace" +
                (include != null || exclude != null ? " (do --include/--exclude match any type?)" : ""));
        }

        log.Verbose($"running {entry}");
        stdout.Flush();
        log.Error.Flush();
        var exitCode = ProgramRunner.Run(entry, programArguments, TraceEnvironment.For(workspace.TracePath));

        var reportCode = traced ? TraceReport.Print(workspace.TracePath, stdout, log.Error) : ExitCodes.Success;
        stdout.Flush();
        if (workspace.Keep)
        {
            log.Note($"workspace kept at {workspace.Root}");
        }

        return exitCode != 0 ? exitCode : reportCode;
    }
}
