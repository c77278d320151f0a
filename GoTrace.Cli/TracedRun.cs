using System.Collections.Generic;
using System.IO;
using GoTrace.Reporter;

namespace GoTrace.Cli;

/// <summary>What one run/exec/flame/json command asks for.</summary>
public sealed record TracedRunRequest(
    string ProjectPath,
    CommandSettings Settings,
    IReadOnlyList<string> ProgramArguments,
    ReportFormat Format = ReportFormat.Tree,
    bool ProgramOutputToStderr = false,
    bool KeepTrace = false,
    string? KeptTracePattern = null,
    string? ReportPath = null);

/// <summary>
/// The pipeline behind run, exec, flame and json: build the project into a workspace, weave the solution's
/// assemblies in a copy of its output, run it, report its trace.
/// </summary>
public static class TracedRun
{
    public static int Execute(TracedRunRequest request, TextWriter stdout, StatusLog log)
    {
        var settings = request.Settings;
        FilterCheck.Validate(settings.Include, settings.Exclude, settings.TinyMembers);
        var project = ProjectLocator.Locate(request.ProjectPath);
        foreach (var output in new[] { request.KeptTracePattern, request.ReportPath })
        {
            if (output != null)
            {
                OutputPathCheck.RequireWritable(output);
            }
        }

        using var workspace = Workspace.Create();
        workspace.Keep = log.IsVerbose;
        log.Verbose($"workspace {workspace.Root}");

        var build = ProgramBuild.Build(project, settings.Configuration, settings.Framework, workspace, log);
        var entry = AppStager.Stage(build.TargetPath, workspace.AppDirectory);
        var woven = SolutionWeaver.Weave(entry, settings.Include, settings.Exclude, log, settings.TinyMembers);
        var traced = SolutionWeaver.Traced(woven);

        // exec keeps the trace where the runtime would put it by default: ./<App>.<pid>.gotrace.
        var tracePattern = !request.KeepTrace ? workspace.TracePath
            : Path.GetFullPath(request.KeptTracePattern
                ?? $"{Path.GetFileNameWithoutExtension(entry)}.{TraceEnvironment.ProcessIdPlaceholder}.gotrace");
        log.Verbose($"running {entry}");
        stdout.Flush();
        log.Error.Flush();
        var outcome = ProgramRunner.Run(entry, request.ProgramArguments, TraceEnvironment.For(tracePattern),
            request.ProgramOutputToStderr ? log.Error : null);
        var tracePath = TraceEnvironment.PathOf(tracePattern, outcome.ProcessId);

        if (ProgramRunner.DescribeCrash(outcome.ExitCode) is { } crash)
        {
            log.Note($"{Path.GetFileNameWithoutExtension(entry)} exited with code {outcome.ExitCode}: {crash}; " +
                (traced ? "its trace up to that point follows" : "nothing was traced"));
        }

        var reportCode = traced
            ? TraceReport.Print(tracePath, stdout, log.Error, request.Format, request.ReportPath)
            : ExitCodes.Success;
        if (request.KeepTrace && File.Exists(tracePath))
        {
            log.Note($"trace kept at {tracePath} (report it again with: gotrace-report {Quote(tracePath)} [--folded|--json])");
        }

        if (workspace.Keep)
        {
            log.Note($"workspace kept at {workspace.Root}");
        }

        return outcome.ExitCode != 0 ? outcome.ExitCode : reportCode;
    }

    static string Quote(string path) => path.Contains(' ') ? "\"" + path + "\"" : path;
}
