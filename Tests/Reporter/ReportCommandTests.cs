using System.IO;
using System.Linq;
using System.Text.Json;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;

namespace Tests.Reporter;

public class ReportCommandTests : ReporterTestBase
{
    [Test]
    public void Prints_the_tree_by_default()
    {
        var result = RunCommand(Save(RendererTests.ServerTrace()));

        result.ExitCode.ShouldBe(0);
        result.StdoutLines[0].ShouldBe("TOTAL: 2.31s, 2,428 events");
        result.StdoutLines[1].ShouldStartWith("Server.Start ");
        result.Stderr.ShouldBeEmpty();
    }

    [Test]
    public void Full_names_flag_shows_namespaces()
    {
        var result = RunCommand(Save(RendererTests.ServerTrace()), "--full-names");

        result.ExitCode.ShouldBe(0);
        result.StdoutLines[1].ShouldStartWith("App.Server.Start ");
    }

    [Test]
    public void Folded_flag_prints_collapsed_stacks()
    {
        var result = RunCommand("--folded", Save(RendererTests.ServerTrace()));

        result.ExitCode.ShouldBe(0);
        result.StdoutLines.ShouldBe(new[]
        {
            "App.Server.Start 388000",
            "App.Server.Start;App.Router.Init 1119964",
            "App.Server.Start;App.Router.Init;App.Router.Add 36",
            "App.Server.Start;App.Data.Db.Connect 412000",
        });
    }

    [Test]
    public void Json_flag_prints_json()
    {
        var result = RunCommand(Save(RendererTests.ServerTrace()), "--json");

        result.ExitCode.ShouldBe(0);
        JsonDocument.Parse(result.Stdout).RootElement[0].GetProperty("name").GetString().ShouldBe("App.Server.Start");
    }

    [Test]
    public void Output_flag_writes_the_report_to_a_file()
    {
        var output = Path.Combine(Directory, "out.folded");

        var result = RunCommand(Save(RendererTests.ServerTrace()), "--folded", "-o", output);

        result.ExitCode.ShouldBe(0);
        result.Stdout.ShouldBeEmpty();
        File.ReadAllLines(output)[0].ShouldBe("App.Server.Start 388000");
    }

    [Test]
    public void Notes_go_to_stderr_and_the_output_stays_clean()
    {
        var builder = NewTrace();
        builder.Complete = false;
        builder.DroppedEvents = 5;
        builder.Thread(0, 1).Enter(ProgramMain, 0).Exit(DbConnect, 10);

        var result = RunCommand(Save(builder), "--folded");

        result.ExitCode.ShouldBe(0);
        result.StdoutLines.ShouldBe(new string[0]);
        result.StderrLines.ShouldBe(new[]
        {
            "gotrace-report: note: the trace is incomplete (the program is still running or was killed); times run to the last event recorded",
            "gotrace-report: note: 5 events were dropped by the tracer; some calls are missing",
            "gotrace-report: note: 1 call had not returned when the trace ended; they count until the end",
            "gotrace-report: note: 1 exit matches no open call and was ignored",
        });
    }

    [Test]
    public void Render_can_be_called_with_options_on_an_open_file()
    {
        using var file = TraceFile.Open(Save(RendererTests.ServerTrace()));
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exitCode = ReportCommand.Render(file, new ReportOptions { Format = ReportFormat.Folded }, stdout, stderr);

        exitCode.ShouldBe(0);
        stdout.ToString().ShouldStartWith("App.Server.Start 388000");
    }

    [Test]
    public void Help_prints_usage()
    {
        var result = RunCommand("--help");

        result.ExitCode.ShouldBe(0);
        result.Stdout.ShouldStartWith("usage: gotrace-report <trace-file>");
        RunCommand("-h").ExitCode.ShouldBe(0);
    }

    [Test]
    public void Version_prints_the_version()
    {
        var result = RunCommand("--version");

        result.ExitCode.ShouldBe(0);
        result.Stdout.ShouldMatch(@"^gotrace-report \d+\.\d+\.\d+\S*\n$");
    }

    // ---- bad input: exit code 2 and exactly one line on stderr ----

    [Test]
    public void Missing_file()
    {
        var missing = Path.Combine(Directory, "nope.bin");

        ShouldRefuse(missing).ShouldBe($"gotrace-report: no such file: {missing}");
    }

    [Test]
    public void Directory_instead_of_a_file()
    {
        ShouldRefuse(Directory).ShouldBe($"gotrace-report: not a file: {Directory}");
    }

    [Test]
    public void Empty_file()
    {
        var path = SaveBytes(new byte[0]);

        ShouldRefuse(path).ShouldBe($"gotrace-report: {path}: empty file");
    }

    [Test]
    public void Random_bytes()
    {
        var bytes = new byte[10_000];
        new System.Random(7).NextBytes(bytes);
        var path = SaveBytes(bytes);

        ShouldRefuse(path).ShouldBe($"gotrace-report: {path}: not a GoTrace trace file (bad magic)");
    }

    [Test]
    public void Truncated_header()
    {
        var path = SaveBytes(NewTrace().Build()[..60]);

        ShouldRefuse(path).ShouldStartWith($"gotrace-report: {path}: truncated header");
    }

    [Test]
    public void Truncated_mid_event_reports_what_is_there_with_a_note()
    {
        var builder = RendererTests.ServerTrace();
        builder.Complete = false;
        var bytes = builder.Build();
        var cut = TraceFileBuilder.HeaderSize + builder.ChunkSize + 1000 + 5;
        var path = SaveBytes(bytes[..cut]);

        var result = RunCommand(path);

        result.ExitCode.ShouldBe(0);
        result.StdoutLines[1].ShouldStartWith("Server.Start ");
        result.StderrLines[0].ShouldBe($"gotrace-report: note: the file ends inside an event of thread #0 at offset {cut - 5} (a truncated copy?); that thread's later events are missing");
    }

    [Test]
    public void Complete_trace_missing_chunks_reports_what_is_there_with_a_note()
    {
        var builder = RendererTests.ServerTrace();
        var bytes = builder.Build();
        var path = SaveBytes(bytes[..(TraceFileBuilder.HeaderSize + (2 * builder.ChunkSize))]);

        var result = RunCommand(path);

        result.ExitCode.ShouldBe(0);
        result.StderrLines.ShouldContain("gotrace-report: note: the file is cut short: the header counts 6 chunk slots but the file holds 2 (a truncated copy?); events in the missing part are not shown");
        result.StderrLines.ShouldContain(l => l.Contains("calls had not returned when the trace ended", System.StringComparison.Ordinal));
    }

    [Test]
    public void Corrupt_event_kind()
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Enter(ProgramMain, 0).Raw(1UL << 2, 0); // kind 0 in a word that is not zero
        var path = Save(builder);

        ShouldRefuse(path, "--json").ShouldStartWith($"gotrace-report: {path}: corrupt chunk at offset");
    }

    [Test]
    public void Wrong_version()
    {
        var builder = NewTrace();
        builder.Version = 3;
        var path = Save(builder);

        ShouldRefuse(path).ShouldBe($"gotrace-report: {path}: unsupported trace format version 3 (this reporter reads versions 1 to 2)");
    }

    [Test]
    public void Unknown_flag()
    {
        ShouldRefuse(Save(NewTrace()), "--flame").ShouldBe("gotrace-report: unknown option: --flame (see --help)");
    }

    [Test]
    public void Missing_trace_argument()
    {
        ShouldRefuse().ShouldStartWith("gotrace-report: missing trace file");
    }

    [Test]
    public void Missing_output_argument()
    {
        ShouldRefuse(Save(NewTrace()), "-o").ShouldBe("gotrace-report: -o needs a file name");
    }

    [Test]
    public void Two_trace_files()
    {
        ShouldRefuse("a.bin", "b.bin").ShouldBe("gotrace-report: unexpected argument: b.bin (one trace file at a time; to compare two, use gotrace-report diff <base> <head>)");
    }

    [Test]
    public void Folded_and_json_together()
    {
        ShouldRefuse(Save(NewTrace()), "--folded", "--json").ShouldBe("gotrace-report: --folded and --json cannot be combined");
    }

    [Test]
    public void Unwritable_output()
    {
        var output = Path.Combine(Directory, "no-such-dir", "out.txt");

        ShouldRefuse(Save(NewTrace()), "-o", output).ShouldStartWith($"gotrace-report: cannot write {output}: ");
    }

    private static string ShouldRefuse(params string[] args)
    {
        var result = RunCommand(args);
        result.ExitCode.ShouldBe(2);
        result.Stdout.ShouldBeEmpty();
        return result.StderrLines.ShouldHaveSingleItem();
    }
}
