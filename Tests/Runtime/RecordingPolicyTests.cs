using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Runtime;

/// <summary>
/// What the runtime promises about the file itself: a bounded size with the stop and ring policies,
/// nothing lost to kill -9, owner-only permissions, no writing through symlinks, a full disk survived.
/// </summary>
[TestFixture]
public sealed class RecordingPolicyTests
{
    private const string Source = """
        namespace Policies;

        public static class Program
        {
            public static int Main(string[] args)
            {
                if (args[0] == "late") return LateThread.Run();
                if (args[0] == "many-late") return LateThread.Many(int.Parse(args[1]));
                if (args[0] == "ignores-sigterm") return LateThread.IgnoringSigterm();
                if (args[0] == "threads") return LateThread.Many(int.Parse(args[1]), fill: false);
                var calls = int.Parse(args[0]);
                Work.First();
                long total = 0;
                for (var i = 0; i < calls; i++)
                {
                    total += Work.Add(i, 1);
                    if (args.Length > 1 && i % 10_000 == 9_999)
                    {
                        Console.WriteLine($"done {i + 1}");
                        Console.Out.Flush();
                        if (i + 1 == 200_000) Thread.Sleep(60_000);
                    }
                }
                Work.Last();
                Console.WriteLine($"total {total}");
                return 0;
            }
        }

        public static class Work
        {
            public static void First() { }
            // Timed, not counted (a tiny member's calls would merge into one count word): two events a call fill the file.
            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
            public static int Add(int a, int b) => a + b;
            public static void Last() { }
            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
            public static int Late(int a) => a + 2;
            public static void LateLast() { }
        }

        /// <summary>The main thread fills the file, then a thread that never wrote before makes calls.</summary>
        public static class LateThread
        {
            public static int Run()
            {
                long total = 0;
                for (var i = 0; i < 100_000; i++) total += Work.Add(i, 1);
                var late = new Thread(() =>
                {
                    for (var i = 0; i < 50_000; i++) total += Work.Late(i);
                    Work.LateLast();
                }) { Name = "late" };
                late.Start();
                late.Join();
                Work.Last();
                Console.WriteLine($"total {total}");
                return 0;
            }

            /// <summary>Fills the file, then waits to be killed: SIGTERM does not end it (a test host's fate).</summary>
            public static int IgnoringSigterm()
            {
                using var ignore = System.Runtime.InteropServices.PosixSignalRegistration.Create(
                    System.Runtime.InteropServices.PosixSignal.SIGTERM, context => context.Cancel = true);
                long total = 0;
                for (var i = 0; i < 100_000; i++) total += Work.Add(i, 1);
                Console.WriteLine($"ready {total}");
                Console.Out.Flush();
                Thread.Sleep(120_000);
                return 0;
            }

            /// <summary>The main thread fills the file, then <paramref name="threads"/> named threads start one after another.</summary>
            public static int Many(int threads, bool fill = true)
            {
                long total = 0;
                for (var i = 0; i < (fill ? 100_000 : 0); i++) total += Work.Add(i, 1);
                for (var t = 0; t < threads; t++)
                {
                    var late = new Thread(() => Interlocked.Add(ref total, Work.Late(1))) { Name = $"late-{t}" };
                    late.Start();
                    late.Join();
                }

                Console.WriteLine($"total {total}");
                return 0;
            }
        }
        """;

    /// <summary>Main's and 100,000 Add calls' enters and exits, and a count event each for First and Last (empty: counted).</summary>
    private const long AllEvents = (2 * (100_000 + 1)) + 2;

    private TracedProgram _program = null!;

    [OneTimeSetUp]
    public void BuildProgram() => _program = TracedProgram.Build("policies", Source);

    [OneTimeTearDown]
    public void RemoveProgram() => Directory.Delete(_program.Directory, recursive: true);

    [Test]
    public void Stop_mode_keeps_the_start_and_counts_what_it_dropped()
    {
        var trace = Path.Combine(_program.Directory, "stop.gotrace");
        var run = _program.Run(new[] { "100000" }, new Dictionary<string, string?> { ["GOTRACE_OUTPUT"] = trace, ["GOTRACE_MAX_SIZE"] = "256K" });

        run.ExitCode.ShouldBe(0);
        run.StdOut.ShouldBe("total 5000050000\n");
        run.StdErr.Split('\n').Count(l => l.Contains("reached GOTRACE_MAX_SIZE")).ShouldBe(1, run.StdErr);
        using var file = TraceFile.Open(trace);
        new FileInfo(trace).Length.ShouldBeLessThanOrEqualTo(256 * 1024);
        var calls = file.EnterCounts();
        calls.ShouldContainKey("Policies.Work.First");
        calls.ShouldNotContainKey("Policies.Work.Last");
        file.DroppedEvents.ShouldBeGreaterThan(0);
        (file.EventsWritten + file.DroppedEvents).ShouldBe(AllEvents);
        var report = Report(trace);
        report.StdErr.ShouldContain($"{file.DroppedEvents} events were dropped by the tracer");
        report.StdErr.ShouldMatch($@"note: thread \d+ \(#0\) dropped {file.DroppedEvents} events from [\d.]+(ns|µs|ms|s) on \(the trace file was full\)");
    }

    [Test]
    public void Ring_mode_keeps_the_most_recent_events_and_counts_what_it_overwrote()
    {
        var trace = Path.Combine(_program.Directory, "ring.gotrace");
        var run = _program.Run(new[] { "100000" }, new Dictionary<string, string?>
        {
            ["GOTRACE_OUTPUT"] = trace, ["GOTRACE_MAX_SIZE"] = "256K", ["GOTRACE_MODE"] = "ring",
        });

        run.ExitCode.ShouldBe(0);
        run.StdOut.ShouldBe("total 5000050000\n");
        using var file = TraceFile.Open(trace);
        new FileInfo(trace).Length.ShouldBeLessThanOrEqualTo(256 * 1024);
        var calls = file.EnterCounts();
        calls.ShouldContainKey("Policies.Work.Last");
        calls.ShouldNotContainKey("Policies.Work.First");
        calls["Policies.Work.Add"].ShouldBeGreaterThan(10_000);
        file.DroppedEvents.ShouldBeGreaterThan(0);
        (file.EventsWritten + file.DroppedEvents).ShouldBe(AllEvents);
        var report = Report(trace);
        report.ExitCode.ShouldBe(0);
        report.StdErr.ShouldMatch($@"note: thread \d+ \(#0\) lost its oldest {file.DroppedEvents} events to ring mode \(the first overwritten at [\d.]+(ns|µs|ms|s)\)");
    }

    [Test]
    public void Ring_mode_with_room_for_a_single_chunk_keeps_reusing_it()
    {
        // 12 KiB: the header and two 4 KiB slots, one of them metadata: the thread's only chunk is the one it recycles.
        var trace = Path.Combine(_program.Directory, "ring-one-chunk.gotrace");
        var run = _program.Run(new[] { "100000" }, new Dictionary<string, string?>
        {
            ["GOTRACE_OUTPUT"] = trace, ["GOTRACE_MAX_SIZE"] = "12K", ["GOTRACE_MODE"] = "ring",
        });

        run.ExitCode.ShouldBe(0, run.ToString());
        run.StdOut.ShouldBe("total 5000050000\n");
        using var file = TraceFile.Open(trace);
        file.IsComplete.ShouldBeTrue();
        new FileInfo(trace).Length.ShouldBeLessThanOrEqualTo(12 * 1024);
        var calls = file.EnterCounts();
        calls.ShouldContainKey("Policies.Work.Last");
        calls.ShouldNotContainKey("Policies.Work.First");
        (file.EventsWritten + file.DroppedEvents).ShouldBe(AllEvents);
        Report(trace).ExitCode.ShouldBe(0);
    }

    [Test]
    public void Ring_mode_gives_a_thread_that_starts_after_the_file_filled_up_the_oldest_chunks_of_the_busiest()
    {
        var unbounded = Path.Combine(_program.Directory, "late-unbounded.gotrace");
        _program.Run(new[] { "late" }, new Dictionary<string, string?> { ["GOTRACE_OUTPUT"] = unbounded }).ExitCode.ShouldBe(0);
        long allEvents;
        using (var whole = TraceFile.Open(unbounded))
        {
            whole.DroppedEvents.ShouldBe(0);
            allEvents = whole.EventsWritten;
        }

        var trace = Path.Combine(_program.Directory, "late-ring.gotrace");
        var run = _program.Run(new[] { "late" }, new Dictionary<string, string?>
        {
            ["GOTRACE_OUTPUT"] = trace, ["GOTRACE_MAX_SIZE"] = "256K", ["GOTRACE_MODE"] = "ring",
        });

        run.ExitCode.ShouldBe(0, run.ToString());
        run.StdOut.ShouldBe("total 6250125000\n");
        using var file = TraceFile.Open(trace);
        new FileInfo(trace).Length.ShouldBeLessThanOrEqualTo(256 * 1024);
        var late = file.ThreadsNamed("late").ShouldHaveSingleItem();
        // Its oldest events may be gone (the ring), so count enters rather than match them with exits.
        var lateCalls = file.ReadEvents(late).Where(e => e.Kind is TraceEventKind.Enter or TraceEventKind.Count) // LateLast is counted
            .GroupBy(e => file.Functions[e.FunctionId].FullName).ToDictionary(g => g.Key, g => g.Sum(e => e.Kind == TraceEventKind.Count ? e.Calls : 1));
        lateCalls.ShouldContainKey("Policies.Work.LateLast");
        lateCalls["Policies.Work.Late"].ShouldBeGreaterThan(5_000, "the late thread took chunks from the main thread, not just one");
        file.EnterCounts().ShouldContainKey("Policies.Work.Last");
        file.DroppedEvents.ShouldBeGreaterThan(0);
        (file.EventsWritten + file.DroppedEvents).ShouldBe(allEvents);
        Report(trace).ExitCode.ShouldBe(0);
    }

    [Test]
    public void A_full_file_keeps_room_for_the_names_and_drops_of_threads_that_start_later()
    {
        // 300 thread records and 301 drops records do not fit in the room the first metadata chunk has left.
        var trace = Path.Combine(_program.Directory, "many-late.gotrace");
        var run = _program.Run(new[] { "many-late", "300" }, new Dictionary<string, string?> { ["GOTRACE_OUTPUT"] = trace, ["GOTRACE_MAX_SIZE"] = "256K" });

        run.ExitCode.ShouldBe(0, run.ToString());
        run.StdOut.ShouldBe($"total {5_000_050_000 + (300 * 3)}\n");
        using var file = TraceFile.Open(trace);
        new FileInfo(trace).Length.ShouldBeLessThanOrEqualTo(256 * 1024);
        for (var t = 0; t < 300; t++)
        {
            file.ThreadsNamed($"late-{t}").ShouldHaveSingleItem().DroppedEvents.ShouldBeGreaterThan(0);
        }

        file.Threads.Sum(t => t.DroppedEvents).ShouldBe(file.DroppedEvents);
        var report = Report(trace);
        report.ExitCode.ShouldBe(0);
        report.StdErr.ShouldContain("293 more threads dropped");
        report.StdErr.ShouldNotContain("is not recorded");
    }

    [Test]
    public void A_program_killed_after_sigterm_still_says_whose_events_were_dropped()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("POSIX signals");
        }

        // dotnet test ends a test host with SIGTERM, then SIGKILL: the signal marks the file complete, and the
        // drops records must be there too, or the report says it does not know where events were lost.
        var trace = Path.Combine(_program.Directory, "sigterm-killed.gotrace");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(_program.Dll);
        info.ArgumentList.Add("ignores-sigterm");
        info.Environment["GOTRACE_OUTPUT"] = trace;
        info.Environment["GOTRACE_MAX_SIZE"] = "256K";
        using var process = Process.Start(info)!;
        process.StandardOutput.ReadLine().ShouldNotBeNull().ShouldStartWith("ready");
        Process.Start("kill", new[] { "-TERM", process.Id.ToString(CultureInfo.InvariantCulture) })!.WaitForExit();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!IsComplete(trace) && DateTime.UtcNow < deadline)
        {
            System.Threading.Thread.Sleep(50);
        }

        process.Kill();
        process.WaitForExit();

        using var file = TraceFile.Open(trace);
        file.IsComplete.ShouldBeTrue();
        file.DroppedEvents.ShouldBeGreaterThan(0);
        file.Threads.Sum(t => t.DroppedEvents).ShouldBe(file.DroppedEvents);
        var report = Report(trace);
        report.ExitCode.ShouldBe(0, report.ToString());
        report.StdErr.ShouldNotContain("is not recorded");
        report.StdErr.ShouldContain("(the trace file was full)");

        static bool IsComplete(string path)
        {
            try
            {
                using var file = TraceFile.Open(path);
                return file.IsComplete;
            }
            catch (Exception e) when (e is IOException or TraceFormatException)
            {
                return false;
            }
        }
    }

    [Test]
    public void Threads_that_make_a_few_calls_take_small_chunks()
    {
        // 300 threads of one call each: a thread starts on one 16 KiB slot (its chunks grow only as it writes
        // on), where a 128 KiB chunk each made the file 38 MB for 600 events.
        var trace = Path.Combine(_program.Directory, "threads.gotrace");
        var run = _program.Run(new[] { "threads", "300" }, new Dictionary<string, string?> { ["GOTRACE_OUTPUT"] = trace });

        run.ExitCode.ShouldBe(0, run.ToString());
        using var file = TraceFile.Open(trace);
        file.Threads.Count(t => t.Name.StartsWith("late-", StringComparison.Ordinal)).ShouldBe(300);
        file.EnterCounts()["Policies.Work.Late"].ShouldBe(300);
        new FileInfo(trace).Length.ShouldBeLessThan(300L * 32 * 1024);
    }

    [Test]
    public void A_thread_that_writes_on_takes_larger_chunks()
    {
        // 100,000 calls on one thread: its chunks double from one slot to 128 KiB, and every event is read back.
        var trace = Path.Combine(_program.Directory, "growing.gotrace");
        _program.Run(new[] { "100000" }, new Dictionary<string, string?> { ["GOTRACE_OUTPUT"] = trace }).ExitCode.ShouldBe(0);

        using var file = TraceFile.Open(trace);
        file.EnterCounts()["Policies.Work.Add"].ShouldBe(100_000);
        var main = file.Threads.OrderByDescending(t => t.ChunkBytes).First();
        main.ChunkBytes.ShouldBeLessThan(main.ChunkCount * 128L * 1024);
        main.ChunkCount.ShouldBeLessThan(1_600_000 / (16 * 1024)); // fewer chunks than with 16 KiB slots alone
    }

    [Test]
    public void The_trace_starts_at_its_first_event_not_while_the_tracer_sets_itself_up()
    {
        // Opening the file, the process record, exit handlers and signal hooks take milliseconds (tens on a busy
        // machine): counted as program time they made TOTAL too long and every percentage too small.
        var trace = Path.Combine(_program.Directory, "start.gotrace");
        _program.Run(new[] { "10" }, new Dictionary<string, string?> { ["GOTRACE_OUTPUT"] = trace }).ExitCode.ShouldBe(0);
        using var file = TraceFile.Open(trace);
        var first = file.Threads.SelectMany(t => file.ReadEvents(t, withWork: true).Take(1)).Min(e => e.Ticks);
        var gap = file.TicksToSeconds(first - file.StartTicks) * 1000;
        gap.ShouldBeInRange(0, 1, "milliseconds from the trace's start to its first event");
    }

    [Test]
    public void Kill_9_leaves_every_event_written_before_it_readable()
    {
        var trace = Path.Combine(_program.Directory, "killed.gotrace");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(_program.Dll);
        info.ArgumentList.Add("100000000");
        info.ArgumentList.Add("report");
        info.Environment["GOTRACE_OUTPUT"] = trace;
        using var process = Process.Start(info)!;
        var printed = 0;
        while (printed < 200_000)
        {
            var line = process.StandardOutput.ReadLine().ShouldNotBeNull();
            printed = int.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
        }

        process.Kill();
        process.WaitForExit();

        using var file = TraceFile.Open(trace);
        file.IsComplete.ShouldBeFalse();
        file.EnterCounts()["Policies.Work.Add"].ShouldBeGreaterThanOrEqualTo(printed);

        // The file grew with what was written: a bounded step past the slots in use, not the 1 GiB limit.
        var written = file.HeaderSize + (file.ChunkSlotsInUse * file.ChunkSize);
        new FileInfo(trace).Length.ShouldBeLessThanOrEqualTo(written + (64L << 20), $"{file.ChunkSlotsInUse} slots of {file.ChunkSize} bytes in use");
        var report = Report(trace);
        report.ExitCode.ShouldBe(0);
        report.StdOut.ShouldContain("Work.Add");
        report.StdErr.ShouldContain("incomplete");
    }

    [Test]
    public void Trace_file_is_readable_and_writable_by_its_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("file modes are a Unix notion");
        }

        var trace = Path.Combine(_program.Directory, "mode.gotrace");
        _program.Run(new[] { "10" }, new Dictionary<string, string?> { ["GOTRACE_OUTPUT"] = trace }).ExitCode.ShouldBe(0);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(trace).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Test]
    public void Existing_trace_file_is_replaced_and_gets_owner_only_mode()
    {
        var trace = Path.Combine(_program.Directory, "replaced.gotrace");
        File.WriteAllText(trace, "old contents");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(trace, (UnixFileMode)0b110_110_110);
        }

        _program.Run(new[] { "10" }, new Dictionary<string, string?> { ["GOTRACE_OUTPUT"] = trace }).ExitCode.ShouldBe(0);
        using var file = TraceFile.Open(trace);
        file.IsComplete.ShouldBeTrue();
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(trace).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Test]
    public void A_symlink_at_the_output_path_is_never_written_through()
    {
        var target = Path.Combine(_program.Directory, "precious.txt");
        File.WriteAllText(target, "keep me");
        var link = Path.Combine(_program.Directory, "link.gotrace");
        File.CreateSymbolicLink(link, target);

        var run = _program.Run(new[] { "1000" }, new Dictionary<string, string?> { ["GOTRACE_OUTPUT"] = link });

        run.ExitCode.ShouldBe(0);
        run.StdOut.ShouldBe("total 500500\n");
        run.StdErr.Trim().ShouldStartWith("gotrace: cannot write trace file");
        run.StdErr.ShouldContain("symbolic link");
        File.ReadAllText(target).ShouldBe("keep me");
    }

    [Test]
    public void A_full_disk_costs_events_not_the_program()
    {
        if (OperatingSystem.IsWindows() || Environment.UserName != "root")
        {
            Assert.Ignore("needs root to mount a small tmpfs");
        }

        var mount = RepoPaths.NewTempDirectory("gotrace-smallfs");
        var mounted = ProcessRunner.Run("mount", new[] { "-t", "tmpfs", "-o", "size=512k", "tmpfs", mount });
        if (mounted.ExitCode != 0)
        {
            Assert.Ignore("cannot mount a tmpfs here: " + mounted.StdErr);
        }

        try
        {
            var trace = Path.Combine(mount, "full.gotrace");
            var run = _program.Run(new[] { "1000000" }, new Dictionary<string, string?> { ["GOTRACE_OUTPUT"] = trace });

            run.ExitCode.ShouldBe(0, run.ToString());
            run.StdOut.ShouldBe("total 500000500000\n");
            run.StdErr.Split('\n').Count(l => l.Contains("disk holding")).ShouldBe(1, run.StdErr);
            using var file = TraceFile.Open(trace);
            file.IsComplete.ShouldBeTrue();
            file.DroppedEvents.ShouldBeGreaterThan(0);
            file.EnterCounts().ShouldContainKey("Policies.Work.First");
        }
        finally
        {
            ProcessRunner.Run("umount", new[] { mount });
            Directory.Delete(mount, recursive: true);
        }
    }

    private static ProcessResult Report(string trace) =>
        ProcessRunner.Dotnet(new[] { Path.Combine(RepoPaths.TestOutput, "gotrace-report.dll"), trace });
}
