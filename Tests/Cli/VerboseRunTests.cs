using System.IO;
using System.Linq;
using NUnit.Framework;
using Shouldly;

namespace Tests.Cli;

/// <summary><c>gotrace run &lt;App.csproj&gt; -v --exclude [SampleLib]* -- -v</c>.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class VerboseRunTests
{
    static SampleRun Run => SampleRuns.Verbose;

    [Test]
    public void Arguments_after_the_double_dash_go_to_the_program_even_when_they_look_like_gotrace_options()
    {
        Run.Result.StdOut.ShouldContain("args: -v", customMessage: Run.Result.ToString());
        Run.Result.ExitCode.ShouldBe(3);
    }

    [Test]
    public void Verbose_shows_the_build_output_and_what_was_woven()
    {
        var stderr = Run.Result.StdErr;
        stderr.ShouldContain("SampleApp -> ", customMessage: Run.Result.ToString());
        stderr.ShouldMatch(@"gotrace: wove SampleApp\.dll: [1-9]\d* methods? woven, \d+ skipped");
        stderr.ShouldContain("gotrace: wove SampleLib.dll: 0 methods woven");
    }

    [Test]
    public void Exclude_reaches_the_weaver()
    {
        Run.Result.StdOut.ShouldContain("Program.Nap", customMessage: Run.Result.ToString());
        Run.Result.StdOut.ShouldNotContain("Greeter.Greet");
    }

    [Test]
    public void Verbose_keeps_the_workspace_and_says_where()
    {
        var workspace = Run.LeftWorkspaces.ShouldHaveSingleItem();
        Run.Result.StdErr.ShouldContain("gotrace: workspace kept at " + workspace);
        File.Exists(Path.Combine(workspace, "trace.gotrace")).ShouldBeTrue();
        File.Exists(Path.Combine(workspace, "app", "SampleApp.dll")).ShouldBeTrue();
    }

    [Test]
    public void The_source_tree_gets_no_new_or_changed_files()
    {
        Run.After.ShouldBe(Run.Before);
    }

    /// <summary>The kept workspace of the verbose run: the real build output and its woven copy.</summary>
    public static string Workspace => SampleRuns.Verbose.LeftWorkspaces.Single();
}
