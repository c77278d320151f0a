using System;
using System.IO;
using System.Linq;

namespace GoTrace.Cli;

/// <summary>Builds a project into the workspace and returns what MSBuild said of it (its main assembly exists), or explains why not.</summary>
public static class ProgramBuild
{
    /// <summary>
    /// Builds; unless <paramref name="requireProgram"/> is false, a class library is refused (there is nothing to run).
    /// With --include or --exclude, GoTrace.Fody's own weaving is switched off (<c>-p:GoTrace=false</c>), so that
    /// gotrace weaves with the filters given.
    /// </summary>
    public static BuildResult Build(string projectPath, CommandSettings settings, Workspace workspace, StatusLog log,
        bool requireProgram = true)
    {
        var projectName = Path.GetFileName(projectPath);
        var configuration = settings.Configuration;
        var fodyOff = settings.Include != null || settings.Exclude != null;
        log.Verbose($"building {projectPath} ({configuration}{(fodyOff ? ", -p:GoTrace=false" : "")}) into {workspace.ArtifactsPath}");
        var build = WorkspaceBuilder.Build(projectPath, configuration, settings.Framework, workspace, fodyOff);
        log.VerboseRaw(build.Log);

        if (!build.Succeeded)
        {
            if (!log.IsVerbose)
            {
                foreach (var line in build.ErrorLines.Distinct())
                {
                    log.Error.WriteLine(line);
                }
            }

            throw new CliException("build failed", ExitCodes.Failure);
        }

        if (build.TargetPath.Length == 0)
        {
            throw build.TargetFrameworks.Length > 0
                ? new CliException($"{projectName} targets several frameworks ({build.TargetFrameworks}); choose one with --framework")
                : new CliException($"could not tell where {projectName} puts its program (MSBuild reported no TargetPath)", ExitCodes.Failure);
        }

        if (requireProgram && string.Equals(build.OutputType, "Library", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException($"{projectName} is a class library, not a program (OutputType is Library)");
        }

        if (!Path.GetFullPath(build.TargetPath).StartsWith(workspace.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            log.Warning($"{projectName} sets its own output path, so the build went to {Path.GetDirectoryName(build.TargetPath)}");
        }

        if (!File.Exists(build.TargetPath))
        {
            throw new CliException($"the build reported {build.TargetPath}, which does not exist", ExitCodes.Failure);
        }

        return build;
    }
}
