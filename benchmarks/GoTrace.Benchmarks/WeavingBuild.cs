using System;
using System.Diagnostics;
using System.IO;

namespace GoTrace.Benchmarks;

/// <summary>Runs <c>dotnet build -c Release -v:n</c> of the weaving workload and keeps its log.</summary>
public sealed class WeavingBuild
{
    readonly string _project;
    readonly string _artifacts;

    public WeavingBuild(string project, string artifacts)
    {
        _project = project;
        _artifacts = artifacts;
    }

    public sealed record Result(int ExitCode, string Log, long ElapsedMs);

    public Result Run()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(_project)!,
        };
        foreach (var argument in new[]
                 {
                     "build", _project, "-c", "Release", "-v:n", "-nologo",
                     "-p:UseArtifactsOutput=true", "-p:ArtifactsPath=" + _artifacts,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new Result(process.ExitCode, stdout + stderr.Result, clock.ElapsedMilliseconds);
    }

    /// <summary>Changes one source file so the next build compiles (and so weaves) afresh.</summary>
    public void TouchSource(int run)
    {
        var file = Path.Combine(Path.GetDirectoryName(_project)!, "Service0.cs");
        File.AppendAllText(file, $"// rebuild {run}\n");
    }

    /// <summary>The repository root: the first folder above the current one (or this program) holding GoTrace.sln.</summary>
    public static string? RepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory != null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "GoTrace.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        return null;
    }
}
