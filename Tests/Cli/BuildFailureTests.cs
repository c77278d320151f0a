using System.IO;
using NUnit.Framework;
using Shouldly;

namespace Tests.Cli;

/// <summary>A project that does not compile: the compiler's errors, "build failed", exit code 1.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class BuildFailureTests
{
    SampleRun _run = null!;

    [OneTimeSetUp]
    public void RunOnABrokenProject() => _run = SampleRun.Start(
        solution => new[] { "run", Path.Combine(solution, "App") },
        "public static class Program { public static void Main() { int broken = \"text\"; } }");

    [OneTimeTearDown]
    public void Delete() => _run.Delete();

    [Test]
    public void Exit_code_is_1()
    {
        _run.Result.ExitCode.ShouldBe(1, _run.Result.ToString());
    }

    [Test]
    public void The_compilers_error_is_shown_then_build_failed()
    {
        var stderr = _run.Result.StdErr;
        stderr.ShouldContain("Program.cs(1,", customMessage: _run.Result.ToString());
        stderr.ShouldContain("error CS0029");
        stderr.TrimEnd().ShouldEndWith("gotrace: build failed");
        _run.Result.StdOut.ShouldBeEmpty();
    }

    [Test]
    public void Nothing_is_left_behind()
    {
        _run.After.ShouldBe(_run.Before);
        _run.LeftWorkspaces.ShouldBeEmpty();
    }
}
