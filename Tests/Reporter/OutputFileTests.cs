using System;
using System.IO;
using System.Linq;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;

namespace Tests.Reporter;

/// <summary><c>-o FILE</c>: the report replaces FILE only when complete; a failure leaves FILE as it was and no temporary file.</summary>
public class OutputFileTests : ReporterTestBase
{
    private const string Previous = "the previous report\n";

    private string OutputPath => Path.Combine(Directory, "out.report");

    [SetUp]
    public void WritePreviousReport() => File.WriteAllText(OutputPath, Previous);

    // The formats that open the output before reading the events; the others fail before the output is opened.
    [TestCase("--chrome")]
    [TestCase("--speedscope")]
    [TestCase("--threads")]
    [TestCase("--threads --json")]
    [TestCase("--threads --folded")]
    [TestCase("")]
    [TestCase("--json")]
    [TestCase("--html")]
    public void A_report_that_fails_on_a_corrupt_event_leaves_the_previous_file(string flags)
    {
        var builder = NewTrace();
        var events = builder.Thread(0, 1).Enter(ProgramMain, 0);
        for (var i = 1; i < 2000; i++)
        {
            events.Call(ServerStart, i * 10, (i * 10) + 5);
        }

        events.Raw(1UL << 2, 20_000); // kind 0 in a word that is not zero, a few chunks in
        var trace = Save(builder);

        var result = RunCommand(new[] { trace, "-o", OutputPath }.Concat(Flags(flags)).ToArray());

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("corrupt chunk at offset");
        File.ReadAllText(OutputPath).ShouldBe(Previous);
        FilesInDirectory().ShouldBe(new[] { "out.report", "trace.bin" });
    }

    [TestCase(ReportFormat.Chrome, false)]
    [TestCase(ReportFormat.Speedscope, false)]
    [TestCase(ReportFormat.Json, true)]
    [TestCase(ReportFormat.Tree, true)]
    public void A_report_that_fails_with_an_internal_error_leaves_the_previous_file(ReportFormat format, bool perThread)
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Enter(ProgramMain, 0).Call(ServerStart, 10, 20).Exit(ProgramMain, 30);
        var file = TraceFile.Open(Save(builder));
        file.Dispose(); // reading its events now fails with neither a format nor an I/O error: exit 3 from the CLI

        Should.Throw<ObjectDisposedException>(() =>
            ReportCommand.Render(file, new ReportOptions { Format = format, PerThread = perThread, OutputPath = OutputPath }, new StringWriter(), new StringWriter()));

        File.ReadAllText(OutputPath).ShouldBe(Previous);
        FilesInDirectory().ShouldBe(new[] { "out.report", "trace.bin" });
    }

    [TestCase("", "TOTAL: ")]
    [TestCase("--folded", "App.Program.Main 20\n")]
    [TestCase("--json", "[\n  {\n    \"name\": \"App.Program.Main\"")]
    [TestCase("--top 3", "TOTAL: ")]
    [TestCase("--threads", "── thread 1 ──")]
    [TestCase("--chrome", "{\"traceEvents\":[")]
    [TestCase("--speedscope", "{\"$schema\":")]
    [TestCase("--html", "<!DOCTYPE html>")]
    public void A_complete_report_replaces_the_previous_file(string flags, string start)
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Enter(ProgramMain, 0).Call(ServerStart, 10_000, 20_000).Exit(ProgramMain, 30_000);

        var result = RunCommand(new[] { Save(builder), "-o", OutputPath }.Concat(Flags(flags)).ToArray());

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldBeEmpty();
        File.ReadAllText(OutputPath).ShouldStartWith(start);
        FilesInDirectory().ShouldBe(new[] { "out.report", "trace.bin" });
    }

    [TestCase("")]
    [TestCase("--json")]
    public void A_complete_diff_replaces_the_previous_file(string flags)
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Enter(ProgramMain, 0).Call(ServerStart, 10, 20_000_000).Exit(ProgramMain, 30_000_000);
        var trace = Save(builder);

        var result = RunCommand(new[] { "diff", trace, trace, "-o", OutputPath }.Concat(Flags(flags)).ToArray());

        result.ExitCode.ShouldBe(0, result.Stderr);
        File.ReadAllText(OutputPath).ShouldNotBe(Previous);
        File.ReadAllText(OutputPath).ShouldNotBeEmpty();
        FilesInDirectory().ShouldBe(new[] { "out.report", "trace.bin" });
    }

    [Test]
    public void A_symbolic_link_stays_a_link_to_the_replaced_file()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("symbolic links need privileges on Windows");
        }

        var builder = NewTrace();
        builder.Thread(0, 1).Call(ProgramMain, 0, 10_000);
        var link = Path.Combine(Directory, "latest.json");
        File.CreateSymbolicLink(link, OutputPath);

        var result = RunCommand(Save(builder), "--json", "-o", link);

        result.ExitCode.ShouldBe(0, result.Stderr);
        new FileInfo(link).LinkTarget.ShouldBe(OutputPath);
        File.ReadAllText(OutputPath).ShouldStartWith("[\n  {\n    \"name\": \"App.Program.Main\"");
        FilesInDirectory().ShouldBe(new[] { "latest.json", "out.report", "trace.bin" });
    }

    [Test]
    public void A_device_is_written_in_place()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("no /dev on Windows");
        }

        var builder = NewTrace();
        builder.Thread(0, 1).Call(ProgramMain, 0, 10_000);

        var result = RunCommand(Save(builder), "--json", "-o", "/dev/null");

        result.ExitCode.ShouldBe(0, result.Stderr);
        System.IO.Directory.EnumerateFiles("/dev", ".null.*").ShouldBeEmpty();
        File.ReadAllText("/dev/null").ShouldBeEmpty();
    }

    [Test]
    public void A_directory_as_the_output_is_refused_before_the_report_runs()
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Call(ProgramMain, 0, 10);
        var target = Path.Combine(Directory, "reports");
        System.IO.Directory.CreateDirectory(target);

        var result = RunCommand(Save(builder), "--chrome", "-o", target);

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldBe($"gotrace-report: cannot write {target}: it is a directory\n");
        FilesInDirectory().ShouldBe(new[] { "out.report", "reports", "trace.bin" });
    }

    [Test]
    public void A_missing_folder_is_named_as_given_not_by_the_temporary_file()
    {
        var target = Path.Combine(Directory, "no-such-dir", "out.json");

        var result = RunCommand(Save(NewTrace()), "--json", "-o", target);

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldStartWith($"gotrace-report: cannot write {target}: ");
        result.Stderr.ShouldNotContain(".tmp");
    }

    private static string[] Flags(string flags) => flags.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private string[] FilesInDirectory() =>
        System.IO.Directory.EnumerateFileSystemEntries(Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
}
