using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using GoTrace.Reporter.Live;
using GoTrace.Reporter.CommandLine;

namespace GoTrace.Cli;

/// <summary>What one run/exec/flame/json command asks for.</summary>
public sealed record TracedRunRequest(
    string ProjectPath,
    CommandSettings Settings,
    IReadOnlyList<string> ProgramArguments,
    ReportArguments Report,
    LaunchChoice Launch,
    bool ProgramOutputToStderr = false,
    bool KeepTrace = false,
    string? KeptTracePattern = null,
    LiveRequest? Live = null);

/// <summary><c>gotrace run --live</c>: the live view while the program runs, redrawn in the terminal or printed per interval.</summary>
public sealed record LiveRequest(TimeSpan Interval, bool Interactive);

/// <summary>
/// The pipeline behind run, exec, flame and json: build the project into a workspace, weave the solution's
/// assemblies in a copy of its output, run it as dotnet run would (launch profile included), report its trace.
/// </summary>
public static class TracedRun
{
    public static int Execute(TracedRunRequest request, CliConsole console, StatusLog log)
    {
        var settings = request.Settings;
        FilterCheck.Validate(settings.Include, settings.Exclude, settings.TinyMembers);
        var project = ProjectLocator.Locate(request.ProjectPath);
        foreach (var output in new[] { request.KeptTracePattern, request.Report.Options.OutputPath })
        {
            if (output != null)
            {
                OutputPathCheck.RequireWritable(output);
            }
        }

        var profile = LaunchProfile.Choose(project, request.Launch.ProfileName, request.Launch.NoProfile);
        if (profile != null)
        {
            log.Note($"using launch profile '{profile.Name}' from {profile.SettingsPath}");
        }

        using var workspace = Workspace.Create();
        workspace.Keep = log.IsVerbose;
        log.Verbose($"workspace {workspace.Root}");

        var build = ProgramBuild.Build(project, settings, workspace, log);
        var entry = AppStager.Stage(build.TargetPath, workspace.AppDirectory);
        var woven = SolutionWeaver.Weave(entry, settings.Include, settings.Exclude, log, settings.TinyMembers);
        var traced = SolutionWeaver.Traced(woven);

        // exec keeps the trace where the runtime would put it by default: ./<App>.<pid>.gotrace.
        var tracePattern = !request.KeepTrace ? workspace.TracePath
            : Path.GetFullPath(request.KeptTracePattern
                ?? $"{Path.GetFileNameWithoutExtension(entry)}.{TraceEnvironment.ProcessIdPlaceholder}.gotrace");
        var arguments = request.ProgramArguments.Count == 0 && profile?.CommandLineArgs != null
            ? profile.CommandLineArgs
            : request.ProgramArguments;
        var environment = TraceEnvironment.For(tracePattern);
        log.Verbose($"running {entry}");
        console.Out.Flush();
        log.Error.Flush();
        var live = request.Live;
        var captured = live is { Interactive: true } ? new LiveProgramOutput(console.Out) : null;
        var outcome = ProgramRunner.Run(entry, arguments, profile?.Over(environment) ?? environment,
            captured ?? (request.ProgramOutputToStderr || live != null ? log.Error : null), profile?.WorkingDirectory, captured,
            live == null ? null : process => ShowLive(TraceEnvironment.PathOf(tracePattern, process.Id), live, process, captured, console, log));
        var tracePath = TraceEnvironment.PathOf(tracePattern, outcome.ProcessId);

        if (ProgramRunner.DescribeCrash(outcome.ExitCode) is { } crash)
        {
            log.Note($"{Path.GetFileNameWithoutExtension(entry)} exited with code {outcome.ExitCode}: {crash}; " +
                (traced ? "its trace up to that point follows" : "nothing was traced"));
        }

        var reportCode = traced ? TraceReport.Print(tracePath, request.Report, console) : ExitCodes.Success;
        if (request.KeepTrace && File.Exists(tracePath))
        {
            log.Note($"trace kept at {tracePath} (report it again with: gotrace report {Quote(tracePath)} [--folded|--json|--top 20|…])");
        }

        if (workspace.Keep)
        {
            log.Note($"workspace kept at {workspace.Root}");
        }

        return outcome.ExitCode != 0 ? outcome.ExitCode : reportCode;
    }

    /// <summary>The live view of the program's trace until the program exits or q closes it; the program's output follows.</summary>
    static void ShowLive(string tracePath, LiveRequest live, Process process, LiveProgramOutput? captured, CliConsole console, StatusLog log)
    {
        var options = new LiveViewOptions
        {
            Interval = live.Interval,
            Interactive = live.Interactive,
            WaitForTrace = TimeSpan.MaxValue,
            StopWhen = () => process.HasExited,
            Footer = captured == null ? null : captured.Latest,
        };
        try
        {
            if (LiveView.Run(tracePath, options, console.Out, CancellationToken.None) is { } problem && !process.HasExited)
            {
                log.Note("live view: " + problem);
            }
        }
        finally
        {
            captured?.PassThrough();
        }
    }

    static string Quote(string path) => path.Contains(' ') ? "\"" + path + "\"" : path;
}
