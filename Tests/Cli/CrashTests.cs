using System.IO;
using NUnit.Framework;
using Shouldly;

namespace Tests.Cli;

/// <summary>A program that dies of an unhandled exception: its exit code is passed on and its trace up to the crash reported.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class CrashTests
{
    const string CrashingProgram = """
        using System;

        namespace SampleApp;

        public static class Program
        {
            public static void Main()
            {
                Console.WriteLine("before the crash");
                Console.WriteLine(SampleLib.Greeter.Greet("crash"));
                Explode();
            }

            static void Explode() => throw new InvalidOperationException("boom");
        }
        """;

    SampleRun _run = null!;

    [OneTimeSetUp]
    public void RunACrashingProgram() => _run = SampleRun.Start(solution => new[] { "run", Path.Combine(solution, "App") }, CrashingProgram);

    [OneTimeTearDown]
    public void Delete() => _run.Delete();

    [Test]
    public void Gotrace_exits_with_the_crash_exit_code()
    {
        // An unhandled .NET exception aborts the process: SIGABRT, 128 + 6.
        _run.Result.ExitCode.ShouldBe(134, _run.Result.ToString());
    }

    [Test]
    public void The_crash_and_gotraces_note_are_on_stderr()
    {
        _run.Result.StdErr.ShouldContain("Unhandled exception. System.InvalidOperationException: boom", customMessage: _run.Result.ToString());
        _run.Result.StdErr.ShouldContain(
            "gotrace: SampleApp exited with code 134: it crashed (SIGABRT: an unhandled exception or an abort); its trace up to that point follows");
    }

    [Test]
    public void The_trace_up_to_the_crash_is_reported()
    {
        var stdout = _run.Result.StdOut;
        stdout.ShouldContain("before the crash", customMessage: _run.Result.ToString());
        stdout.ShouldContain("TOTAL: ");
        stdout.ShouldContain("Program.Main");
        stdout.ShouldContain("Program.Explode");
        stdout.ShouldContain("Greeter.Greet");
    }

    [Test]
    public void The_workspace_is_deleted()
    {
        _run.LeftWorkspaces.ShouldBeEmpty();
    }
}
