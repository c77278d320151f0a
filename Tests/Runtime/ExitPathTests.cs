using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Runtime;

/// <summary>
/// However a woven program ends — returning from Main, Environment.Exit, an unhandled exception —
/// its exit code and output are its own, and the trace file is complete and says so on stderr.
/// </summary>
[TestFixture]
public sealed class ExitPathTests
{
    private const string Source = """
        namespace ExitPaths;

        public static class Program
        {
            public static int Main(string[] args)
            {
                Console.WriteLine("working");
                var total = Work.Sum(1000);
                Console.WriteLine($"total {total}");
                switch (args.FirstOrDefault())
                {
                    case "exit": Work.Leave(7); break;
                    case "throw": Work.Fail(); break;
                    case "thread-throw": new Thread(Work.Fail).Start(); Thread.Sleep(5000); break;
                    case "wait": Console.WriteLine("ready"); Thread.Sleep(30000); break;
                }
                return 3;
            }
        }

        public static class Work
        {
            public static long Sum(int n) { long s = 0; for (var i = 0; i < n; i++) s += Add(i, 1); return s; }
            public static int Add(int a, int b) => a + b;
            public static void Leave(int code) => Environment.Exit(code);
            public static void Fail() => throw new InvalidOperationException("the program failed");
        }
        """;

    private TracedProgram _program = null!;

    [OneTimeSetUp]
    public void BuildProgram() => _program = TracedProgram.Build("exitpaths", Source);

    [OneTimeTearDown]
    public void RemoveProgram() => Directory.Delete(_program.Directory, recursive: true);

    [TestCase(null, 3, TestName = "Return from Main")]
    [TestCase("exit", 7, TestName = "Environment.Exit")]
    [TestCase("throw", 134, TestName = "Unhandled exception on the main thread")]
    [TestCase("thread-throw", 134, TestName = "Unhandled exception on another thread")]
    public void Exit_path_keeps_the_exit_code_and_completes_the_trace(string? mode, int exitCode)
    {
        var trace = Path.Combine(_program.Directory, $"exit-{mode ?? "return"}.gotrace");
        var run = _program.Run(mode == null ? new string[0] : new[] { mode }, Env(trace));

        run.ExitCode.ShouldBe(exitCode, run.ToString());
        run.StdOut.ShouldStartWith("working\ntotal 500500\n");
        if (mode?.Contains("throw") == true)
        {
            run.StdErr.ShouldContain("System.InvalidOperationException: the program failed");
            run.StdErr.ShouldContain("at ExitPaths.Work.Fail()");
        }

        run.StdErr.ShouldContain($"events written to {trace}");
        using var file = TraceFile.Open(trace);
        file.IsComplete.ShouldBeTrue();
        var calls = file.EnterCounts();
        calls["ExitPaths.Work.Add"].ShouldBe(1000);
        calls["ExitPaths.Work.Sum"].ShouldBe(1);
        calls["ExitPaths.Program.Main"].ShouldBe(1);
        // After an unhandled exception, finally blocks may still record exits once the file is finished.
        // new Thread(...).Start() records its spawn, and the thread its begin: work events count as events.
        // Work.Add is counted: its 1000 calls are count events, one event each however many calls it holds.
        var counted = file.Threads.Sum(t => file.ReadEvents(t).Where(e => e.Kind == TraceEventKind.Count).Sum(e => e.Calls));
        var recorded = (2 * (calls.Values.Sum() - counted)) + file.CountEvents() - file.OpenFrames() + file.WorkEvents();
        file.EventsWritten.ShouldBeInRange(mode?.Contains("throw") == true ? recorded - 4 : recorded, recorded);
    }

    [TestCase("TERM", 143)]
    [TestCase("INT", 130)]
    public void Termination_signal_keeps_the_exit_code_and_completes_the_trace(string signal, int exitCode)
    {
        var trace = Path.Combine(_program.Directory, $"signal-{signal}.gotrace");
        // A process started in the background by a non-interactive shell ignores SIGINT, and children inherit
        // that: `env --default-signal` gives the program the default disposition, as a terminal would.
        var info = new System.Diagnostics.ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("--default-signal=" + signal);
        info.ArgumentList.Add("dotnet");
        info.ArgumentList.Add(_program.Dll);
        info.ArgumentList.Add("wait");
        info.Environment["GOTRACE_OUTPUT"] = trace;
        using var process = System.Diagnostics.Process.Start(info)!;
        process.StandardOutput.ReadLine().ShouldBe("working");
        process.StandardOutput.ReadLine().ShouldBe("total 500500");
        process.StandardOutput.ReadLine().ShouldBe("ready");

        ProcessRunner.Run("kill", new[] { "-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ExitCode.ShouldBe(0);
        process.WaitForExit(20000).ShouldBeTrue();

        process.ExitCode.ShouldBe(exitCode);
        using var file = TraceFile.Open(trace);
        file.IsComplete.ShouldBeTrue();
        file.EnterCounts()["ExitPaths.Work.Add"].ShouldBe(1000);
    }

    [Test]
    public void Clock_is_the_time_stamp_counter_where_it_can_be_and_stopwatch_when_asked()
    {
        var forced = Path.Combine(_program.Directory, "clock-stopwatch.gotrace");
        var env = Env(forced);
        env["GOTRACE_CLOCK"] = "stopwatch";
        _program.Run(new string[0], env).ExitCode.ShouldBe(3);
        using (var trace = TraceFile.Open(forced))
        {
            trace.ClockName.ShouldBe("stopwatch");
            trace.ClockFrequency.ShouldBe(System.Diagnostics.Stopwatch.Frequency);
        }

        var chosen = Path.Combine(_program.Directory, "clock-default.gotrace");
        env = Env(chosen);
        env["GOTRACE_CLOCK"] = null;
        _program.Run(new string[0], env).ExitCode.ShouldBe(3);
        using (var trace = TraceFile.Open(chosen))
        {
            var expected = System.OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64 &&
                File.ReadAllText("/proc/cpuinfo").Contains(" constant_tsc") && File.ReadAllText("/proc/cpuinfo").Contains(" nonstop_tsc")
                ? new[] { "tsc", "stopwatch" } // stopwatch only if a hypervisor traps the counter
                : new[] { "stopwatch" };
            expected.ShouldContain(trace.ClockName);
            if (trace.ClockName == "tsc")
            {
                trace.ClockFrequency.ShouldBeInRange(1e8, 1e10);
                var seconds = trace.TicksToSeconds(trace.EndTicks - trace.StartTicks);
                seconds.ShouldBeInRange(0.0, 10.0);
            }
        }
    }

    [Test]
    public void Output_path_replaces_pid_placeholder()
    {
        var run = _program.Run(new string[0], Env(Path.Combine(_program.Directory, "pid-{pid}.gotrace")));
        run.ExitCode.ShouldBe(3);
        var file = Directory.GetFiles(_program.Directory, "pid-*.gotrace").ShouldHaveSingleItem();
        using var trace = TraceFile.Open(file);
        Path.GetFileName(file).ShouldBe($"pid-{trace.ProcessId}.gotrace");
    }

    [Test]
    public void Default_output_is_assembly_name_and_pid_in_the_current_directory()
    {
        var cwd = RepoPaths.NewTempDirectory("gotrace-cwd");
        var run = _program.Run(new string[0], new Dictionary<string, string?> { ["GOTRACE_OUTPUT"] = null }, cwd);
        run.ExitCode.ShouldBe(3);
        var file = Directory.GetFiles(cwd).ShouldHaveSingleItem();
        using (var trace = TraceFile.Open(file))
        {
            Path.GetFileName(file).ShouldBe($"exitpaths.{trace.ProcessId}.gotrace");
        }

        run.StdErr.ShouldContain(file);
        Directory.Delete(cwd, recursive: true);
    }

    [Test]
    public void Quiet_silences_the_summary_line()
    {
        var env = Env(Path.Combine(_program.Directory, "quiet.gotrace"));
        env["GOTRACE_QUIET"] = "1";
        var run = _program.Run(new string[0], env);
        run.ExitCode.ShouldBe(3);
        run.StdErr.ShouldBeEmpty();
        using var trace = TraceFile.Open(Path.Combine(_program.Directory, "quiet.gotrace"));
        trace.IsComplete.ShouldBeTrue();
    }

    [Test]
    public void Unwritable_output_path_leaves_the_program_untouched_after_one_warning()
    {
        var run = _program.Run(new string[0], Env(Path.Combine(_program.Directory, "no", "such", "dir", "t.gotrace")));
        run.ExitCode.ShouldBe(3);
        run.StdOut.ShouldBe("working\ntotal 500500\n");
        var warnings = run.StdErr.Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
        warnings.ShouldHaveSingleItem().ShouldStartWith("gotrace: cannot write trace file");
    }

    private static Dictionary<string, string?> Env(string tracePath) => new() { ["GOTRACE_OUTPUT"] = tracePath };
}
