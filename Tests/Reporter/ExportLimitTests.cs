using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Reporter;

/// <summary>
/// --export-limit: an export estimated past the limit (4 GiB unless told) is refused before anything is written, in
/// one line naming the estimate and the views that shrink it; a SIGINT or SIGTERM during an export leaves no partial
/// output behind.
/// </summary>
public class ExportLimitTests : ReporterTestBase
{
    /// <summary>One thread making <paramref name="calls"/> calls of Router.Add, 1 µs each, under Server.Start.</summary>
    private static TraceFileBuilder Calls(int calls)
    {
        var builder = NewTrace();
        builder.ChunkSize = 1 << 20;
        var events = builder.Thread(0, 1, "main").Enter(ServerStart, 0);
        for (var i = 0; i < calls; i++)
        {
            events.Call(RouterAdd, (i * 2000L) + 1, (i * 2000L) + 1001);
        }

        events.Exit(ServerStart, (calls * 2000L) + 10);
        return builder;
    }

    [TestCase("--chrome", "--chrome would write about 1.5 MB (20,001 calls), more than the 1 MB limit; shrink it with --min-duration, --depth or --thread, or raise the limit with --export-limit 2G")]
    [TestCase("--speedscope", "--speedscope would write about 1.6 MB (20,001 calls), more than the 1 MB limit; shrink it with --depth or --thread, or raise the limit with --export-limit 2G")]
    public void A_timeline_past_the_limit_is_refused_before_anything_is_written(string format, string message)
    {
        var trace = Save(Calls(20_000));
        var output = Path.Combine(Directory, "out.json");

        var result = RunCommand(trace, format, "--export-limit", "1M", "-o", output);

        result.ExitCode.ShouldBe(2);
        result.StderrLines.ShouldHaveSingleItem().ShouldBe("gotrace-report: " + message);
        System.IO.Directory.GetFiles(Directory).Select(Path.GetFileName).ShouldBe(new[] { "trace.bin" });
        RunCommand(trace, format, "--export-limit", "0", "-o", output).ExitCode.ShouldBe(0);
        new FileInfo(output).Length.ShouldBeGreaterThan(1L << 20);
    }

    [Test]
    public void A_view_that_shrinks_the_export_under_the_limit_lets_it_through()
    {
        var trace = Save(Calls(20_000));

        // The estimate counts every call; formatting it into nothing finds that --depth 1 leaves one.
        var result = RunCommand(trace, "--chrome", "--export-limit", "1M", "--depth", "1");

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.Split("\"ph\":\"X\"").Length.ShouldBe(2);
        RunCommand(trace, "--chrome", "--export-limit", "1M", "--min-duration", "1ms").ExitCode.ShouldBe(0);
    }

    [Test]
    public void Trees_past_the_limit_are_refused_after_the_views()
    {
        // A recursion 3000 deep: its folded stacks repeat the path on every line.
        var builder = NewTrace();
        var events = builder.Thread(0, 1).Enter(ProgramMain, 0);
        for (var i = 1; i <= 3000; i++)
        {
            events.Enter(ServerStart, i);
        }

        for (var i = 3000; i >= 1; i--)
        {
            events.Exit(ServerStart, 10_000 - i);
        }

        events.Exit(ProgramMain, 10_000);
        var trace = Save(builder);

        var folded = RunCommand(trace, "--folded", "--export-limit", "1M");
        folded.ExitCode.ShouldBe(2);
        folded.StderrLines.ShouldHaveSingleItem().ShouldStartWith("gotrace-report: --folded would write about ");
        folded.Stderr.ShouldContain("shrink it with --focus, --depth, --min-duration or --thread");
        RunCommand(trace, "--folded", "--export-limit", "1M", "--depth", "100").ExitCode.ShouldBe(0);
        RunCommand(trace, "--json", "--export-limit", "100K").StderrLines.ShouldHaveSingleItem().ShouldStartWith("gotrace-report: --json would write about ");
    }

    [TestCase("TERM")]
    [TestCase("INT")]
    public void A_signal_during_an_export_leaves_no_partial_output(string signal)
    {
        var trace = Save(Calls(3_000_000));
        File.WriteAllText(Path.Combine(Directory, "out.json"), "the previous report\n");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { Path.Combine(RepoPaths.TestOutput, "gotrace-report.dll"), trace, "--chrome", "--full-names", "-o", "out.json" })
        {
            info.ArgumentList.Add(arg);
        }

        info.WorkingDirectory = Directory;
        using var report = Process.Start(info)!;

        // The temporary file appears beside out.json when the export begins: signal it then.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!System.IO.Directory.GetFiles(Directory, ".out.json.*.tmp").Any(f => new FileInfo(f).Length > 0) && !report.HasExited && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(5);
        }

        report.HasExited.ShouldBeFalse("the export ended before it could be interrupted: make the trace bigger");
        ProcessRunner.Run("kill", new[] { "-" + signal, report.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ExitCode.ShouldBe(0);
        report.WaitForExit(60_000).ShouldBeTrue();

        report.ExitCode.ShouldNotBe(0, report.StandardError.ReadToEnd());
        System.IO.Directory.GetFiles(Directory).Select(Path.GetFileName).ShouldBe(new[] { "out.json", "trace.bin" }, ignoreOrder: true);
        File.ReadAllText(Path.Combine(Directory, "out.json")).ShouldBe("the previous report\n");
    }
}
