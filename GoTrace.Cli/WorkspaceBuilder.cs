using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace GoTrace.Cli;

/// <summary>
/// Builds a project with <c>dotnet build</c> so that every project's bin/ and obj/ (restore output included)
/// land in the workspace, never in the user's tree, and asks MSBuild in the same run where the program went.
/// </summary>
public static class WorkspaceBuilder
{
    // Inherited from a parent MSBuild (e.g. when gotrace runs under `dotnet test`); they would pin the
    // child build to the parent's SDK internals.
    static readonly string[] InheritedMSBuildVariables =
    {
        "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly",
    };

    /// <param name="goTraceOff">Builds with <c>-p:GoTrace=false</c>: a project that references GoTrace.Fody is not woven by Fody.</param>
    public static BuildResult Build(string projectPath, string configuration, string? framework, Workspace workspace, bool goTraceOff = false)
    {
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            // The SDK (global.json) is chosen from the working directory, as when the user builds by hand.
            WorkingDirectory = Path.GetDirectoryName(projectPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments(projectPath, configuration, framework, workspace, goTraceOff))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in InheritedMSBuildVariables)
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start)
            ?? throw new CliException($"could not start {DotnetHost.Path}", ExitCodes.Failure);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();

        var properties = ReadProperties(stdout.Result);
        var log = File.Exists(workspace.BuildLogPath) ? File.ReadAllText(workspace.BuildLogPath) : "";
        var errorLines = stderr.Result.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.Length > 0)
            .ToList();
        return new BuildResult(
            process.ExitCode == 0,
            properties.GetValueOrDefault("TargetPath", ""),
            properties.GetValueOrDefault("TargetFrameworks", ""),
            properties.GetValueOrDefault("OutputType", ""),
            IsTrue(properties.GetValueOrDefault("IsTestProject", "")),
            IsTrue(properties.GetValueOrDefault("IsTestingPlatformApplication", "")),
            errorLines,
            log);
    }

    static IEnumerable<string> Arguments(string projectPath, string configuration, string? framework, Workspace workspace, bool goTraceOff)
    {
        yield return "build";
        yield return projectPath;
        yield return "-c";
        yield return configuration;
        if (framework != null)
        {
            yield return "-f";
            yield return framework;
        }

        if (goTraceOff)
        {
            yield return "-p:GoTrace=false";
        }

        yield return "-p:UseArtifactsOutput=true";
        yield return "-p:ArtifactsPath=" + workspace.ArtifactsPath;
        yield return "-nologo";
        // An explicit target makes -getProperty report after building rather than instead of building.
        yield return "-t:Build";
        yield return "-getProperty:TargetPath";
        yield return "-getProperty:TargetFrameworks";
        yield return "-getProperty:OutputType";
        yield return "-getProperty:IsTestProject";
        yield return "-getProperty:IsTestingPlatformApplication";
        // -getProperty silences the console logger (errors still reach stderr): keep the usual output in a file.
        yield return "-fileLogger";
        yield return $"-fileLoggerParameters:LogFile={workspace.BuildLogPath};Verbosity=minimal";
    }

    static bool IsTrue(string value) => string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    static Dictionary<string, string> ReadProperties(string stdout)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var start = stdout.IndexOf('{');
        var end = stdout.LastIndexOf('}');
        if (start < 0 || end < start)
        {
            return result;
        }

        try
        {
            using var document = JsonDocument.Parse(stdout.Substring(start, end - start + 1));
            if (document.RootElement.TryGetProperty("Properties", out var properties))
            {
                foreach (var property in properties.EnumerateObject())
                {
                    result[property.Name] = property.Value.GetString() ?? "";
                }
            }
        }
        catch (JsonException)
        {
        }

        return result;
    }
}
