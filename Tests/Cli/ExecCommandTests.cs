using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Cli;

/// <summary><c>gotrace exec &lt;App dir&gt; -- kept</c>: run, print the tree, and keep the trace where the runtime would put it.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class ExecCommandTests
{
    SampleRun _run = null!;

    [OneTimeSetUp]
    public void Exec() => _run = SampleRun.Start(solution => new[] { "exec", Path.Combine(solution, "App"), "--", "kept" });

    [OneTimeTearDown]
    public void Delete() => _run.Delete();

    string KeptTrace => Directory.EnumerateFiles(_run.WorkingDirectory, "*.gotrace").ShouldHaveSingleItem(_run.Result.ToString());

    [Test]
    public void The_program_runs_with_its_arguments_then_the_tree_is_printed()
    {
        _run.Result.ExitCode.ShouldBe(3, _run.Result.ToString());
        var stdout = _run.Result.StdOut;
        stdout.ShouldContain("args: kept");
        stdout.ShouldContain("Program.Main");
        stdout.IndexOf("Program.Main", System.StringComparison.Ordinal)
            .ShouldBeGreaterThan(stdout.IndexOf("args: kept", System.StringComparison.Ordinal));
    }

    [Test]
    public void The_trace_is_kept_in_the_working_directory_named_as_the_runtime_names_it_and_its_path_is_printed()
    {
        Path.GetFileName(KeptTrace).ShouldMatch(@"^SampleApp\.\d+\.gotrace$");
        _run.Result.StdErr.ShouldContain($"gotrace: trace kept at {KeptTrace}", customMessage: _run.Result.ToString());
    }

    [Test]
    public void The_kept_trace_reports_again_in_another_format()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        ReportCommand.Run(new[] { KeptTrace, "--folded" }, stdout, stderr).ShouldBe(0, stderr.ToString());

        var lines = stdout.ToString().TrimEnd().Split('\n');
        lines.ShouldAllBe(line => Regex.IsMatch(line, @"^\S+ \d+$"));
        lines.ShouldContain(line => line.StartsWith("SampleApp.Program.Main;SampleApp.Program.Nap "));
        using var trace = TraceFile.Open(KeptTrace);
        trace.AllBalancedCalls().Keys.ShouldContain("SampleLib.Greeter.Greet");
    }

    [Test]
    public void The_workspace_is_deleted_and_the_source_tree_untouched()
    {
        _run.LeftWorkspaces.ShouldBeEmpty();
        _run.After.ShouldBe(_run.Before);
    }
}
