using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Tests.Support;

namespace Tests.Cli;

/// <summary>One real <c>gotrace run</c> of a fresh <see cref="SampleSolution"/>, with the solution's tree before and after.</summary>
public sealed class SampleRun
{
    SampleRun(string solution, string workingDirectory, string tempDirectory, IReadOnlyList<string> before,
        IReadOnlyList<string> after, ProcessResult result)
    {
        Solution = solution;
        WorkingDirectory = workingDirectory;
        TempDirectory = tempDirectory;
        Before = before;
        After = after;
        Result = result;
    }

    public string Solution { get; }

    public string WorkingDirectory { get; }

    /// <summary>gotrace's temp folder (TMPDIR) during the run: where its workspace went.</summary>
    public string TempDirectory { get; }

    public IReadOnlyList<string> Before { get; }

    public IReadOnlyList<string> After { get; }

    public ProcessResult Result { get; }

    /// <summary>The workspace folders gotrace left in its temp folder.</summary>
    public IReadOnlyList<string> LeftWorkspaces =>
        Directory.EnumerateDirectories(TempDirectory, "gotrace-*").ToList();

    public static SampleRun Start(Func<string, IEnumerable<string>> arguments, string programSource = SampleSolution.ProgramSource)
    {
        var solution = SampleSolution.Create(programSource);
        var workingDirectory = RepoPaths.NewTempDirectory("gotrace-cli-cwd");
        var tempDirectory = RepoPaths.NewTempDirectory("gotrace-cli-tmp");
        var before = TreeSnapshot.Take(solution);
        var result = Gotrace.Run(arguments(solution), workingDirectory, tempDirectory);
        return new SampleRun(solution, workingDirectory, tempDirectory, before, TreeSnapshot.Take(solution), result);
    }

    public void Delete()
    {
        RepoPaths.DeleteDirectories(Solution, WorkingDirectory, TempDirectory);
    }
}

/// <summary>The runs the CLI tests share, made on first use (each costs a real build) and deleted after the last test.</summary>
public static class SampleRuns
{
    static readonly List<SampleRun> Made = new();

    static readonly Lazy<SampleRun> QuietRun = new(() => Track(SampleRun.Start(solution => new[]
    {
        "run", Path.Combine(solution, "App"), "--", "a", "b c",
    })));

    static readonly Lazy<SampleRun> VerboseRun = new(() => Track(SampleRun.Start(solution => new[]
    {
        "run", Path.Combine(solution, "App", "SampleApp.csproj"), "-v", "--exclude", "[SampleLib]*", "--", "-v",
    })));

    /// <summary><c>gotrace run &lt;App dir&gt; -- a "b c"</c>.</summary>
    public static SampleRun Quiet => QuietRun.Value;

    /// <summary><c>gotrace run &lt;App.csproj&gt; -v --exclude [SampleLib]* -- -v</c>: the workspace is kept.</summary>
    public static SampleRun Verbose => VerboseRun.Value;

    public static void DeleteAll()
    {
        lock (Made)
        {
            foreach (var run in Made)
            {
                run.Delete();
            }

            Made.Clear();
        }
    }

    static SampleRun Track(SampleRun run)
    {
        lock (Made)
        {
            Made.Add(run);
        }

        return run;
    }
}
