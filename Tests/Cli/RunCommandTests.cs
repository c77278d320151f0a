using System.IO;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Cli;

/// <summary><c>gotrace run &lt;App dir&gt; -- a "b c"</c> on a fresh two-project solution, as a user would run it.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class RunCommandTests
{
    static SampleRun Run => SampleRuns.Quiet;

    [Test]
    public void The_program_gets_its_arguments_and_gotraces_working_directory()
    {
        Run.Result.StdOut.ShouldContain("args: a,b c", customMessage: Run.Result.ToString());
        Run.Result.StdOut.ShouldContain("cwd: " + Run.WorkingDirectory, customMessage: Run.Result.ToString());
        Run.Result.StdOut.ShouldContain("hello gotrace");
    }

    [Test]
    public void Gotrace_exits_with_the_programs_exit_code()
    {
        Run.Result.ExitCode.ShouldBe(3, Run.Result.ToString());
    }

    [Test]
    public void The_call_tree_follows_the_programs_output_and_names_its_methods()
    {
        var stdout = Run.Result.StdOut;
        stdout.ShouldContain("Program.Main", customMessage: Run.Result.ToString());
        stdout.ShouldContain("Program.Nap");
        stdout.ShouldContain("Greeter.Greet");
        stdout.IndexOf("Program.Main", System.StringComparison.Ordinal)
            .ShouldBeGreaterThan(stdout.IndexOf("args: ", System.StringComparison.Ordinal));
    }

    [Test]
    public void Without_v_gotrace_says_nothing_on_stderr()
    {
        CompensationNote.Without(Run.Result.StdErr).ShouldBeEmpty(Run.Result.ToString());
    }

    [Test]
    public void The_source_tree_gets_no_new_or_changed_files()
    {
        Run.After.ShouldBe(Run.Before);
        Directory.Exists(Path.Combine(Run.Solution, "App", "bin")).ShouldBeFalse();
        Directory.Exists(Path.Combine(Run.Solution, "App", "obj")).ShouldBeFalse();
        Directory.Exists(Path.Combine(Run.Solution, "Lib", "obj")).ShouldBeFalse();
    }

    [Test]
    public void The_workspace_is_deleted()
    {
        Run.LeftWorkspaces.ShouldBeEmpty();
    }
}
