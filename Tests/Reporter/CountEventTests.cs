using System;
using System.Linq;
using System.Net;
using System.Text.Json;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Reporter;

/// <summary>
/// Count events (docs/trace-format.md, version 2): a word of kind 0 that is not 0 holds calls of a counted function,
/// no time. Traces written by hand, at 1 GHz (a tick is a nanosecond).
/// </summary>
public class CountEventTests : ReporterTestBase
{
    private static TraceFileBuilder Version2()
    {
        var builder = NewTrace();
        builder.Version = 2;
        return builder;
    }

    /// <summary>Main calls Server.Start twice and counts Router.Add 1,000,005 times and Router.Init 3 times around them.</summary>
    private static TraceFileBuilder CountedCalls(int? eventsPerChunk = null)
    {
        var builder = Version2();
        builder.EventsPerChunk = eventsPerChunk;
        builder.Thread(0, 1).Enter(ProgramMain, 0)
            .Count(RouterAdd, 1_000_000).Count(RouterInit, 3)
            .Call(ServerStart, 10, 20)
            .Count(RouterAdd, 5)
            .Call(ServerStart, 30, 40)
            .Exit(ProgramMain, 100);
        return builder;
    }

    [TestCase(null)]
    [TestCase(1)] // every word a chunk of its own: count words start and end chunks
    [TestCase(2)]
    public void Count_events_add_calls_with_no_time_under_the_open_call(int? eventsPerChunk)
    {
        var tree = BuildTree(CountedCalls(eventsPerChunk));

        var main = tree.Roots.ShouldHaveSingleItem();
        (main.Calls, main.TotalTicks, main.SelfTicks).ShouldBe((1L, 100L, 80L));
        main.Children.Select(c => (c.Function.Name, c.Calls, c.TotalTicks)).OrderBy(c => c.Name)
            .ShouldBe(new[] { ("Router.Add", 1_000_005L, 0L), ("Router.Init", 3L, 0L), ("Server.Start", 2L, 20L) });
        var add = main.Children.Single(c => c.Function.Name == "Router.Add");
        var durations = CallDurations.Of(add).ShouldNotBeNull();
        durations.Count.ShouldBe(1_000_005);
        durations.Quantile(0.99).ShouldBe(0);
    }

    [Test]
    public void Every_report_shows_the_counted_calls()
    {
        var path = Save(CountedCalls());

        var tree = RunCommand(path).StdoutLines;
        tree.ShouldContain(l => l.Contains("Router.Add") && l.TrimEnd().EndsWith("×1000005"), string.Join("\n", tree)); // calls of no time: no tail note
        tree.ShouldContain(l => l.Contains("Router.Init") && l.TrimEnd().EndsWith("×3"), string.Join("\n", tree));
        var top = JsonDocument.Parse(RunCommand(path, "--top", "10", "--json").Stdout).RootElement.EnumerateArray()
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("calls").GetInt64());
        (top["App.Router.Add"], top["App.Router.Init"], top["App.Server.Start"]).ShouldBe((1_000_005L, 3L, 2L));
        RunCommand(path, "--json").Stdout.ShouldContain("\"calls\": 1000005");
        RunCommand(path, "--callers", "Router.Add").Stdout.ShouldContain("1000005");
    }

    [TestCase("--chrome")]
    [TestCase("--speedscope")]
    public void Timelines_leave_out_counted_calls_and_keep_the_times_of_the_others(string format)
    {
        var path = Save(CountedCalls(eventsPerChunk: 2));

        var result = RunCommand(path, format);

        result.ExitCode.ShouldBe(0, result.Stderr);
        using var document = JsonDocument.Parse(result.Stdout);
        result.Stdout.ShouldContain("Server.Start");
        result.Stdout.ShouldNotContain("Router.Add");
        if (format == "--chrome")
        {
            var calls = document.RootElement.GetProperty("traceEvents").EnumerateArray()
                .Where(e => e.GetProperty("ph").GetString() == "X")
                .Select(e => (e.GetProperty("name").GetString()!, e.GetProperty("ts").GetDouble(), e.GetProperty("dur").GetDouble()))
                .ToList();
            calls.ShouldBe(new[] { ("Server.Start", 0.01, 0.01), ("Server.Start", 0.03, 0.01), ("Program.Main", 0.0, 0.1) }, ignoreOrder: true);
        }
    }

    [Test]
    public void The_otlp_export_counts_counted_calls_in_the_span_of_their_caller()
    {
        var builder = Version2();
        builder.Thread(0, 1).Enter(ProgramMain, 0)
            .Count(RouterAdd, 1_000_000).Call(ServerStart, 10, 20).Count(RouterAdd, 5)
            .Enter(DbConnect, 30).Count(RouterInit, 3).Exit(DbConnect, 2_000_040)
            .Exit(ProgramMain, 3_000_000);
        using var endpoint = new LocalHttpEndpoint(HttpStatusCode.OK);
        using var file = Open(builder);

        var result = OtlpExporter.Export(file, new OtlpExportOptions { Endpoint = new Uri(endpoint.Url), MinDurationNanos = 1_000_000 });

        // Main and Db.Connect last long enough to be spans; Server.Start and every counted call are counted in them.
        (result.Spans, result.HiddenCalls, result.UnattributedCalls).ShouldBe((2L, 1L + 1_000_005 + 3, 0L));
    }

    [Test]
    public void The_event_stream_shows_a_count_with_its_calls_at_the_time_of_the_event_before_it()
    {
        using var file = Open(CountedCalls());

        var events = file.ReadEvents(file.Threads[0]).ToList();

        events.Select(e => (e.Kind, e.FunctionId, e.Calls)).ShouldBe(new[]
        {
            (TraceEventKind.Enter, ProgramMain, 0L), (TraceEventKind.Count, RouterAdd, 1_000_000L), (TraceEventKind.Count, RouterInit, 3L),
            (TraceEventKind.Enter, ServerStart, 0L), (TraceEventKind.Exit, ServerStart, 0L), (TraceEventKind.Count, RouterAdd, 5L),
            (TraceEventKind.Enter, ServerStart, 0L), (TraceEventKind.Exit, ServerStart, 0L), (TraceEventKind.Exit, ProgramMain, 0L),
        });
        events[5].Ticks.ShouldBe(events[4].Ticks);
        events[1].Ticks.ShouldBe(events[0].Ticks);
        file.EventsWritten.ShouldBe(9);
    }

    [Test]
    public void A_count_at_the_end_of_an_unfinished_trace_is_not_taken_for_a_time()
    {
        // The writer was killed: Main is still open and closes at the latest event's time, 20 (not at the count's
        // million calls read as ticks).
        var builder = Version2();
        builder.Complete = false;
        builder.Thread(0, 1).Enter(ProgramMain, 0).Call(ServerStart, 10, 20).Count(RouterAdd, 1_000_000);

        var path = Save(builder);

        using (var file = TraceFile.Open(path))
        {
            var main = CallTree.Build(file).Roots.ShouldHaveSingleItem();
            main.TotalTicks.ShouldBe(20);
            main.Children.Single(c => c.Function.Name == "Router.Add").Calls.ShouldBe(1_000_000);
        }

        // The timelines close it at the trace's end too, found from each thread's last chunk before reading the rest.
        var chrome = JsonDocument.Parse(RunCommand(path, "--chrome").Stdout).RootElement.GetProperty("traceEvents").EnumerateArray()
            .Single(e => e.GetProperty("ph").GetString() == "X" && e.GetProperty("name").GetString() == "Program.Main");
        chrome.GetProperty("dur").GetDouble().ShouldBe(0.02);
    }

    [Test]
    public void A_count_in_work_replayed_after_its_starter_is_not_taken_for_a_time()
    {
        // The worker comes first: its segment waits for Main's spawn, skipped over, then replayed under it.
        var builder = Version2();
        var worker = builder.Thread(0, 7, ".NET TP Worker", threadPool: true);
        var main = builder.Thread(1, 1, "main");
        main.Enter(ProgramMain, 0).Enter(ServerStart, 10).WorkEvent(WorkWhat.Spawn, 0x100, 20).Exit(ServerStart, 30).Exit(ProgramMain, 400);
        worker.WorkEvent(WorkWhat.Begin, 0x100, 50).Count(RouterInit, 1_000_000).Call(RouterAdd, 60, 260).Count(RouterInit, 2)
            .WorkEvent(WorkWhat.End, 0x100, 270).Call(DbConnect, 300, 310);

        var tree = BuildTree(builder);

        var start = tree.Roots.Single(r => r.Function.Name == "Program.Main").Children.Single();
        start.Children.Select(c => (c.Function.Name, c.Calls, c.TotalTicks)).OrderBy(c => c.Name)
            .ShouldBe(new[] { ("Router.Add", 1L, 200L), ("Router.Init", 1_000_002L, 0L) });
        tree.Roots.Single(r => r.Function.Name == "Db.Connect").TotalTicks.ShouldBe(10);
    }

    [Test]
    public void A_count_of_an_unknown_function_is_shown_under_a_placeholder_name()
    {
        var builder = Version2();
        builder.Thread(0, 1).Enter(ProgramMain, 0).Count(999, 7).Exit(ProgramMain, 10);

        var tree = BuildTree(builder);

        var unknown = tree.Roots.ShouldHaveSingleItem().Children.ShouldHaveSingleItem();
        (unknown.Function.FullName, unknown.Calls).ShouldBe(("<unknown function 999>", 7L));
    }

    [TestCase(2, 0, "")]
    [TestCase(2, 0, "--chrome")]
    [TestCase(1, 5, "")] // version 1 has no count events
    public void A_count_of_no_calls_or_in_a_version_1_file_is_a_corrupt_chunk(int version, long calls, string flag)
    {
        var builder = NewTrace();
        builder.Version = (uint)version;
        builder.Thread(0, 1).Enter(ProgramMain, 0).Count(RouterAdd, calls).Exit(ProgramMain, 10);
        var path = Save(builder);

        var result = RunCommand(flag.Length == 0 ? new[] { path } : new[] { path, flag });

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldStartWith("gotrace-report: ");
        result.Stderr.ShouldContain("corrupt chunk at offset");
        result.Stderr.ShouldContain("invalid kind 0");
        if (calls == 0)
        {
            result.Stderr.ShouldContain("a count of no calls");
        }
    }

    [Test]
    public void A_counts_cost_is_taken_out_of_the_events_after_it()
    {
        // Main does 500 ns of work around 1,000 counted calls, then calls Server.Start (100 ns). A timed call costs
        // 20 ns (10 between its reads); a count 4 ns when it stores a word, 2 when it adds to one: 2,002 ns here.
        var builder = Version2();
        builder.TracerCost = new TracerCost(TimedCall: 20, TimedInside: 10, CountedCall: 4, CountedInside: 0, WorkEvent: 0, CountedMerged: 2);
        builder.Thread(0, 1).Enter(ProgramMain, 5).Count(RouterAdd, 1_000).Call(ServerStart, 2517, 2627).Exit(ProgramMain, 2637);
        var path = Save(builder);

        using (var file = TraceFile.Open(path))
        {
            file.TracerCost.ShouldNotBeNull().CountedMerged.ShouldBe(2);
            var main = CallTree.Build(file).Roots.ShouldHaveSingleItem();
            (main.TotalTicks, main.SelfTicks).ShouldBe((600L, 500L));
            main.Children.Select(c => (c.Function.Name, c.Calls, c.TotalTicks)).OrderBy(c => c.Name)
                .ShouldBe(new[] { ("Router.Add", 1_000L, 0L), ("Server.Start", 1L, 100L) });
            file.Compensate = false; // --raw
            CallTree.Build(file).Roots.Single().TotalTicks.ShouldBe(2632);
        }
    }

    [Test]
    public void A_counts_cost_above_what_the_clock_saw_takes_no_time_below_zero()
    {
        var builder = Version2();
        builder.TracerCost = new TracerCost(TimedCall: 20, TimedInside: 10, CountedCall: 4, CountedInside: 0, WorkEvent: 0, CountedMerged: 2);
        builder.Thread(0, 1).Enter(ProgramMain, 5).Count(RouterAdd, 1_000_000).Call(ServerStart, 30, 140).Count(RouterInit, (1L << 38) - 1).Exit(ProgramMain, 160);

        var tree = BuildTree(builder);

        var main = tree.Roots.ShouldHaveSingleItem();
        main.TotalTicks.ShouldBeGreaterThanOrEqualTo(0);
        main.SelfTicks.ShouldBeGreaterThanOrEqualTo(0);
        main.Children.ShouldAllBe(c => c.TotalTicks >= 0 && c.SelfTicks >= 0);
        main.Children.Single(c => c.Function.Name == "Server.Start").TotalTicks.ShouldBeInRange(0, 110);
        main.Children.Single(c => c.Function.Name == "Router.Init").Calls.ShouldBe((1L << 38) - 1);
    }
}
