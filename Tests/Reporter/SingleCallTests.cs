using System;
using System.Linq;
using System.Text.Json;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;

namespace Tests.Reporter;

/// <summary>
/// <c>--slowest F [n]</c> and <c>--calls-of F</c> on hand-built traces: the longest single calls, each with its own
/// tree (across threads for async calls and spawned work), outermost calls only, every call as a time series.
/// </summary>
public sealed class SingleCallTests : ReporterTestBase
{
    private const int Handler = ServerStart;
    private const int Query = DbConnect;
    private const int Parse = RouterInit;
    private const int Log = RouterAdd;
    private const int Main = ProgramMain;

    /// <summary>Main calls Handler five times on thread 1 (durations 100, 500, 300, 900, 200 µs), each calling Query twice and Parse once.</summary>
    private static TraceFileBuilder FiveRequests()
    {
        var builder = NewTrace();
        var main = builder.Thread(0, 1, "main").Enter(Main, 0);
        long at = 1000;
        foreach (var micros in new[] { 100, 500, 300, 900, 200 })
        {
            var duration = micros * 1000L;
            main.Enter(Handler, at)
                .Call(Query, at + 10, at + 10 + (duration / 4))
                .Call(Query, at + 20 + (duration / 4), at + 20 + (duration / 2))
                .Call(Parse, at + 30 + (duration / 2), at + 40 + (duration / 2))
                .Exit(Handler, at + duration);
            at += duration + 1000;
        }

        main.Exit(Main, at);
        return builder;
    }

    [Test]
    public void Slowest_prints_the_longest_calls_longest_first_each_as_its_own_tree()
    {
        var trace = Save(FiveRequests());

        var result = RunCommand(trace, "--slowest", "Server.Start", "2");

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldBe(
            """
            the 2 slowest of 5 calls of App.Server.Start (p50 300µs, p90 900µs, p99 900µs, max 900µs)

            TOTAL: 900µs  (#1: 900µs at 904µs on main (thread 1))
            Server.Start     900µs  100.0%
            ├── Db.Connect   450µs   50.0%  ×2
            └── Router.Init   10ns    0.0%

            TOTAL: 500µs  (#2: 500µs at 102µs on main (thread 1))
            Server.Start     500µs  100.0%
            ├── Db.Connect   250µs   50.0%  ×2
            └── Router.Init   10ns    0.0%

            """.ReplaceLineEndings("\n"));

        // The count defaults to 10, and may come before the trace file.
        var all = RunCommand("--slowest", "Start", trace);
        all.ExitCode.ShouldBe(0, all.Stderr);
        all.StdoutLines.Count(l => l.StartsWith("TOTAL: ", StringComparison.Ordinal)).ShouldBe(5);
    }

    [Test]
    public void Slowest_as_json_gives_each_calls_start_thread_and_tree()
    {
        var result = RunCommand(Save(FiveRequests()), "--slowest", "Server.Start", "1", "--json");

        result.ExitCode.ShouldBe(0, result.Stderr);
        var call = JsonDocument.Parse(result.Stdout).RootElement.EnumerateArray().ShouldHaveSingleItem();
        call.GetProperty("rank").GetInt32().ShouldBe(1);
        call.GetProperty("function").GetString().ShouldBe("App.Server.Start");
        call.GetProperty("start_ms").GetDouble().ShouldBe(0.904);
        call.GetProperty("duration_ms").GetDouble().ShouldBe(0.9);
        call.GetProperty("thread").GetString().ShouldBe("main (thread 1)");
        call.GetProperty("thread_id").GetInt32().ShouldBe(1);
        var root = call.GetProperty("roots").EnumerateArray().ShouldHaveSingleItem();
        root.GetProperty("name").GetString().ShouldBe("App.Server.Start");
        var query = root.GetProperty("children")[0];
        (query.GetProperty("name").GetString(), query.GetProperty("calls").GetInt32()).ShouldBe(("App.Data.Db.Connect", 2));
        query.GetProperty("max_ms").GetDouble().ShouldBe(0.225);
    }

    [Test]
    public void An_async_call_lasts_until_its_task_completes_and_keeps_what_ran_on_other_threads()
    {
        var builder = NewTrace();
        var main = builder.Thread(0, 1, "main");
        var pool = builder.Thread(1, 7, ".NET TP Worker", threadPool: true);
        main.Enter(Main, 0);
        main.WorkEvent(WorkWhat.AsyncCall, 0x10, 100, Handler).WorkEvent(WorkWhat.Begin, 0x10, 101).Enter(Handler, 102);
        main.WorkEvent(WorkWhat.Spawn, 0x11, 110).Exit(Handler, 120).WorkEvent(WorkWhat.End, 0x10, 121).Exit(Main, 130);
        pool.WorkEvent(WorkWhat.Begin, 0x11, 200).Call(Log, 201, 301).WorkEvent(WorkWhat.End, 0x11, 302);
        pool.WorkEvent(WorkWhat.Begin, 0x10, 5000).Enter(Handler, 5001).Call(Query, 5002, 5900);
        pool.WorkEvent(WorkWhat.AsyncComplete, 0x10, 6100).Exit(Handler, 6101).WorkEvent(WorkWhat.End, 0x10, 6102);

        var result = RunCommand(Save(builder), "--slowest", "Server.Start");

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.StdoutLines.ShouldBe(new[]
        {
            "the 1 slowest of 1 call of App.Server.Start",
            "TOTAL: 6µs  (#1: 6µs at 100ns on main (thread 1))",
            "Server.Start        6µs  100.0%",
            "├── Db.Connect    898ns   15.0%",
            "└── ⇢ Router.Add  100ns    1.7%",
        });
        var csv = RunCommand(Save(builder), "--calls-of", "Server.Start");
        csv.StdoutLines.ShouldBe(new[] { "start_ms,duration_ms,thread_id,thread_name,function,unfinished", "0.0001,0.006,1,main,App.Server.Start,false" });
    }

    [Test]
    public void Only_outermost_calls_count_and_calls_inside_are_part_of_the_tree()
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Enter(Main, 0)
            .Enter(Handler, 10).Enter(Query, 20).Call(Handler, 30, 80).Exit(Query, 90).Exit(Handler, 100)
            .Call(Handler, 200, 220)
            .Exit(Main, 300);

        var csv = RunCommand(Save(builder), "--calls-of", "Server.Start");
        var tree = RunCommand(Save(builder), "--slowest", "Server.Start", "1");

        csv.StdoutLines.Skip(1).ShouldBe(new[] { "0.00001,0.00009,1,,App.Server.Start,false", "0.0002,0.00002,1,,App.Server.Start,false" });
        // The first line counts every call, as --top does: the nested one too.
        tree.StdoutLines[0].ShouldBe("the 1 slowest of 3 calls of App.Server.Start (p50 50ns, p90 90ns, p99 90ns, max 90ns)");
        tree.StdoutLines[2].ShouldBe("Server.Start          90ns  100.0%");
        tree.StdoutLines[3].ShouldBe("└── Db.Connect        70ns   77.8%");
        tree.StdoutLines[4].ShouldBe("    └── Server.Start  50ns   55.6%");
    }

    [Test]
    public void Calls_of_writes_every_call_as_csv_or_json_filtered_by_duration_and_starting_thread()
    {
        var builder = FiveRequests();
        builder.Thread(1, 9, "worker, \"second\"").Call(Handler, 10, 50_010);

        var csv = RunCommand(Save(builder), "--calls-of", "Server.Start", "--csv");
        var json = RunCommand(Save(builder), "--calls-of", "Server.Start", "--json", "--min-duration", "250us");
        var onWorker = RunCommand(Save(builder), "--calls-of", "Server.Start", "--thread", "9");

        csv.ExitCode.ShouldBe(0, csv.Stderr);
        csv.StdoutLines.Length.ShouldBe(7);
        csv.StdoutLines.ShouldContain("0.00001,0.05,9,\"worker, \"\"second\"\"\",App.Server.Start,false");
        csv.StdoutLines.ShouldContain("0.904,0.9,1,main,App.Server.Start,false");
        var rows = JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray().ToList();
        rows.Select(r => r.GetProperty("duration_ms").GetDouble()).ShouldBe(new[] { 0.5, 0.3, 0.9 });
        rows[0].GetProperty("thread_name").GetString().ShouldBe("main");
        onWorker.StdoutLines.Length.ShouldBe(2);
    }

    [TestCase(new[] { "--slowest", "Server.Start", "--calls-of", "Db.Connect" }, "--slowest and --calls-of cannot be combined")]
    [TestCase(new[] { "--slowest", "Server.Start", "--chrome" }, "--slowest prints each call as a tree: it goes with the tree output, --json or --folded, not --chrome")]
    [TestCase(new[] { "--calls-of", "Server.Start", "--folded" }, "--calls-of prints a time series: CSV (the default, or --csv) or --json, not --folded")]
    [TestCase(new[] { "--slowest", "Server.Start", "--top", "3" }, "--top does not apply to --slowest (it reports single calls of the function it names)")]
    [TestCase(new[] { "--calls-of", "Server.Start", "--depth", "3" }, "--depth does not apply to --calls-of (it reports single calls of the function it names)")]
    [TestCase(new[] { "--csv" }, "--csv goes with --calls-of (the time series of a function's calls)")]
    [TestCase(new[] { "--slowest", "Server.Start", "0" }, "--slowest needs a whole number from 1 after the function (got '0')")]
    [TestCase(new[] { "--slowest", "Nope.Never" }, "no function in the trace matches --slowest 'Nope.Never' (give a full name like App.Db.Connect, a short name like Db.Connect, or a glob like *Connect*)")]
    public void Options_that_do_not_fit_are_refused_in_one_line(string[] flags, string message)
    {
        var result = RunCommand(new[] { Save(FiveRequests()) }.Concat(flags).ToArray());

        result.ExitCode.ShouldBe(2);
        result.StderrLines.ShouldHaveSingleItem().ShouldBe("gotrace-report: " + message);
    }

    [Test]
    public void Help_shows_the_optional_count()
    {
        RunCommand("--help").Stdout.ShouldContain("--slowest <function> [n]");
    }
}
