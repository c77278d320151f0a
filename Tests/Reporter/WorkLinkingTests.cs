using System.IO;
using System.Linq;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;

namespace Tests.Reporter;

/// <summary>
/// The logical tree from hand-built traces: work segments found before the frame that started them,
/// async calls resumed on another thread, a first run of MoveNext whose enter falls into the next chunk,
/// work whose start is missing, and the same tree whether threads are replayed by one worker or several.
/// </summary>
public sealed class WorkLinkingTests : ReporterTestBase
{
    // Function ids of the standard test module, by the role they play here.
    private const int Main = ProgramMain;
    private const int Start = ServerStart;
    private const int Child = RouterAdd;
    private const int Fetch = DbConnect;
    private const int Parse = RouterInit;

    [Test]
    public void Work_of_a_thread_replayed_before_its_starter_hangs_under_the_frame_that_started_it()
    {
        var builder = NewTrace();
        var worker = builder.Thread(0, 7, ".NET TP Worker", threadPool: true);
        var main = builder.Thread(1, 1, "main");
        Work(main.Enter(Main, 0).Enter(Start, 10), WorkWhat.Spawn, 0x100, 20).Exit(Start, 30).Exit(Main, 400);
        Work(Work(worker, WorkWhat.Begin, 0x100, 50).Call(Child, 60, 260), WorkWhat.End, 0x100, 270);
        using var file = TraceFile.Open(builder.Build());

        var tree = CallTree.Build(file);

        tree.Roots.Select(r => r.Function.Name).ShouldBe(new[] { "Program.Main" });
        var child = tree.Roots[0].Children.Single().Children.Single();
        child.Function.Name.ShouldBe("Router.Add");
        child.Kind.ShouldBe(CallKind.Spawned);
        child.Calls.ShouldBe(1);
        child.TotalTicks.ShouldBe(200);
        tree.Notes.ShouldBeEmpty();

        Report(builder).ShouldContain("└── ⇢ Router.Add ");
        Report(builder, "--html").ShouldContain("\"⇢ Router.Add\"");

        // Per thread, the work is a root of the thread that ran it.
        var perThread = Report(builder, "--threads");
        perThread.ShouldContain("── .NET TP Worker (thread 7) [thread pool] ──\nTOTAL: ");
        perThread.ShouldContain("\nRouter.Add ");
    }

    [Test]
    public void Async_call_resumed_elsewhere_lasts_from_call_to_completion_and_keeps_its_callees()
    {
        var builder = NewTrace();
        builder.EventsPerChunk = 5; // the first run's begin ends a chunk: its MoveNext enter starts the next one
        var main = builder.Thread(0, 1, "main");
        var pool = builder.Thread(1, 7, ".NET TP Worker", threadPool: true);
        main.Enter(Main, 0);
        Work(main, WorkWhat.AsyncCall, 0x200, 10, Fetch);
        Work(main, WorkWhat.Begin, 0x200, 11);
        main.Call(Fetch, 12, 20);
        Work(main, WorkWhat.End, 0x200, 21).Exit(Main, 30);
        Work(pool, WorkWhat.Begin, 0x200, 500).Enter(Fetch, 501).Call(Parse, 502, 600).Exit(Fetch, 601);
        Work(Work(pool, WorkWhat.AsyncComplete, 0x200, 602), WorkWhat.End, 0x200, 603);
        using var file = TraceFile.Open(builder.Build());

        var tree = CallTree.Build(file);

        tree.Roots.Select(r => r.Function.Name).ShouldBe(new[] { "Program.Main" });
        var fetch = tree.Roots[0].Children.Single();
        fetch.Function.Name.ShouldBe("Db.Connect");
        fetch.Kind.ShouldBe(CallKind.Async);
        fetch.Calls.ShouldBe(1);
        fetch.TotalTicks.ShouldBe(602 - 10);
        fetch.HasUnfinishedCalls.ShouldBeFalse();
        fetch.Children.Select(c => $"{c.Function.Name} {c.Kind} {c.Calls}").ShouldBe(new[] { "Router.Init Call 1" });
        var parse = fetch.Children.Single();
        parse.Function.Name.ShouldBe("Router.Init");
        parse.Kind.ShouldBe(CallKind.Call);
        parse.TotalTicks.ShouldBe(98);
        // Its own code ran 12-20 and 501-601 (less Parse's 98); the rest of its 592 ticks it was suspended.
        fetch.SelfTicks.ShouldBe((20 - 12) + (601 - 501 - 98));
        fetch.WaitTicks.ShouldBe(592 - (20 - 12) - (601 - 501));
        tree.Roots[0].SelfTicks.ShouldBe(0); // Main only waited
    }

    [Test]
    public void Async_call_that_never_completes_runs_to_the_end_of_the_trace()
    {
        var builder = NewTrace();
        builder.EndAt = 1000;
        var main = builder.Thread(0, 1, "main");
        main.Enter(Main, 0);
        Work(main, WorkWhat.AsyncCall, 0x300, 10, Fetch);
        Work(main, WorkWhat.Begin, 0x300, 11);
        main.Call(Fetch, 12, 20);
        Work(main, WorkWhat.End, 0x300, 21).Exit(Main, 30);
        using var file = TraceFile.Open(builder.Build());

        var fetch = CallTree.Build(file).Roots[0].Children.Single();

        fetch.Kind.ShouldBe(CallKind.Async);
        fetch.HasUnfinishedCalls.ShouldBeTrue();
        fetch.TotalTicks.ShouldBe(1000 - 10);
    }

    [Test]
    public void Work_whose_start_is_missing_shows_at_the_top_with_a_note()
    {
        var builder = NewTrace();
        builder.Thread(0, 1, "main").Call(Main, 0, 100);
        var worker = builder.Thread(1, 7);
        Work(Work(worker, WorkWhat.Begin, 0x400, 10).Call(Child, 11, 50), WorkWhat.End, 0x400, 51);
        using var file = TraceFile.Open(builder.Build());

        var tree = CallTree.Build(file);

        tree.Roots.Select(r => (r.Function.Name, r.Kind)).ShouldBe(new[] { ("Program.Main", CallKind.Call), ("Router.Add", CallKind.Spawned) });
        tree.Notes.ShouldContain("1 run(s) of work whose start was not recorded show at the top level");
    }

    [Test]
    public void Every_reader_skips_work_events()
    {
        var builder = NewTrace();
        var main = builder.Thread(0, 1, "main");
        Work(main.Enter(Main, 0), WorkWhat.Spawn, 0x500, 5000).Exit(Main, 100_000);
        var worker = builder.Thread(1, 7);
        Work(Work(worker, WorkWhat.Begin, 0x500, 6000).Call(Child, 7000, 9000), WorkWhat.End, 0x500, 9000);
        using var file = TraceFile.Open(builder.Build());

        file.ReadEvents(file.Threads[0]).Select(e => e.Kind).ShouldBe(new[] { TraceEventKind.Enter, TraceEventKind.Exit });
        file.ReadEvents(file.Threads[1], withWork: true).Select(e => (e.Kind, e.What, e.WorkId))
            .ShouldBe(new[] { (TraceEventKind.Work, WorkWhat.Begin, 0x500L), (TraceEventKind.Enter, WorkWhat.None, 0L), (TraceEventKind.Exit, WorkWhat.None, 0L), (TraceEventKind.Work, WorkWhat.End, 0x500L) });
        foreach (var format in new[] { "--chrome", "--speedscope", "--folded", "--json", "--html" })
        {
            Report(builder, format).Length.ShouldBeGreaterThan(0, format);
        }

        CallTree.Build(file).EventCount.ShouldBe(7);
    }

    [Test]
    public void One_worker_or_several_give_the_same_logical_tree()
    {
        // Over 4 MB of events, so that threads are replayed in parallel: segments meet their anchors
        // in other workers' tables and are linked in the second pass.
        const int Rounds = 25_000;
        const int Workers = 5;
        var builder = NewTrace();
        var main = builder.Thread(0, 1, "main");
        var threads = Enumerable.Range(1, Workers).Select(t => builder.Thread(t, 10 + t, ".NET TP Worker", threadPool: true)).ToArray();
        main.Enter(Main, 0); // one word: every work event of a round then starts at an even index, so none straddles a chunk
        for (var i = 0; i < Rounds; i++)
        {
            long at = 10 + (i * 100L);
            long spawned = 0x1000 + (2L * i);
            long call = spawned + 1;
            main.Enter(Start, at);
            Work(main, WorkWhat.Spawn, spawned, at + 1);
            Work(main, WorkWhat.AsyncCall, call, at + 2, Fetch);
            Work(main, WorkWhat.Begin, call, at + 3);
            main.Call(Fetch, at + 4, at + 5);
            Work(main, WorkWhat.End, call, at + 6);
            main.Enter(Parse, at + 7).Exit(Parse, at + 8).Exit(Start, at + 9);

            var worker = threads[i % Workers];
            Work(worker, WorkWhat.Begin, spawned, at + 20).Call(Child, at + 21, at + 30);
            Work(worker, WorkWhat.End, spawned, at + 31);
            Work(worker, WorkWhat.Begin, call, at + 40).Enter(Fetch, at + 41).Call(Parse, at + 42, at + 50).Exit(Fetch, at + 51);
            Work(Work(worker, WorkWhat.AsyncComplete, call, at + 52), WorkWhat.End, call, at + 53);
        }

        main.Exit(Main, (Rounds * 100L) + 30);
        using var file = TraceFile.Open(builder.Build());
        file.Length.ShouldBeGreaterThan(4 << 20);

        var json = Json(ViewTests.BuildWith(file, 1));
        Json(ViewTests.BuildWith(file, 4)).ShouldBe(json);

        var start = ViewTests.BuildWith(file, 4).Roots.Single().Children.Single();
        start.Calls.ShouldBe(Rounds);
        start.Children.Select(c => (c.Function.Name, c.Kind, c.Calls)).ShouldBe(
            new[] { ("Router.Add", CallKind.Spawned, (long)Rounds), ("Db.Connect", CallKind.Async, (long)Rounds), ("Router.Init", CallKind.Call, (long)Rounds) },
            ignoreOrder: true);
        var fetch = start.Children.Single(c => c.Kind == CallKind.Async);
        fetch.TotalTicks.ShouldBe(50L * Rounds);
        fetch.Children.Single().Calls.ShouldBe(Rounds);
    }

    [Test]
    public void An_async_call_with_no_traced_caller_is_a_root_without_the_concurrent_marker()
    {
        // async Task Main: its caller, the compiler's <Main>, is not traced.
        var builder = NewTrace();
        var main = builder.Thread(0, 1, "main");
        Work(main, WorkWhat.AsyncCall, 0x400, 0, Main);
        Work(main, WorkWhat.Begin, 0x400, 1).Enter(Main, 2).Call(Fetch, 3, 40).Exit(Main, 41);
        Work(Work(main, WorkWhat.AsyncComplete, 0x400, 42), WorkWhat.End, 0x400, 43);

        var tree = Report(builder);
        tree.ShouldContain("\nProgram.Main ");
        tree.ShouldNotContain("⇢");
        Report(builder, "--html").ShouldContain("\"Program.Main\"");
        Report(builder, "--html").ShouldNotContain("⇢");
    }

    [Test]
    public void Spawned_work_begun_several_times_waits_once_from_its_spawn_to_its_earliest_begin()
    {
        // A Parallel body: one spawn, a run on each of two workers; the later run does not add to the wait.
        var builder = NewTrace();
        builder.ClockFrequency = 1e6; // a tick is a microsecond
        var main = builder.Thread(0, 1, "main");
        var late = builder.Thread(1, 7, ".NET TP Worker", threadPool: true);
        var early = builder.Thread(2, 8, ".NET TP Worker", threadPool: true);
        Work(main.Enter(Main, 0).Enter(Start, 10), WorkWhat.Spawn, 0x500, 20).Exit(Start, 30).Exit(Main, 1000);
        Work(Work(late, WorkWhat.Begin, 0x500, 300).Call(Child, 300, 400), WorkWhat.End, 0x500, 400);
        Work(Work(early, WorkWhat.Begin, 0x500, 120).Call(Child, 120, 200), WorkWhat.End, 0x500, 200);
        using var file = TraceFile.Open(builder.Build());

        var child = CallTree.Build(file).Roots[0].Children.Single().Children.Single();

        (child.Kind, child.Calls, child.TotalTicks, child.WaitTicks).ShouldBe((CallKind.Spawned, 2L, 180L, 100L));
        Json(CallTree.Build(file)).ShouldContain("\"wait_ms\": 0.1,");
    }

    [Test]
    public void A_spawn_read_later_than_its_begin_on_another_core_waits_nothing()
    {
        // Two cores' clocks may differ a little: the begin reads earlier than the spawn. The wait is 0, not negative.
        var builder = NewTrace();
        var main = builder.Thread(0, 1, "main");
        var worker = builder.Thread(1, 7, ".NET TP Worker", threadPool: true);
        Work(main.Enter(Main, 0).Enter(Start, 10), WorkWhat.Spawn, 0x600, 100).Exit(Start, 110).Exit(Main, 500);
        Work(Work(worker, WorkWhat.Begin, 0x600, 90).Call(Child, 90, 190), WorkWhat.End, 0x600, 190);
        using var file = TraceFile.Open(builder.Build());

        var child = CallTree.Build(file).Roots[0].Children.Single().Children.Single();

        (child.Kind, child.WaitTicks).ShouldBe((CallKind.Spawned, 0L));
    }

    [Test]
    public void Work_whose_spawn_is_not_in_the_trace_has_no_wait()
    {
        var builder = NewTrace();
        Work(Work(builder.Thread(0, 7, ".NET TP Worker", threadPool: true), WorkWhat.Begin, 0x700, 1000).Call(Child, 1000, 1100), WorkWhat.End, 0x700, 1100);
        using var file = TraceFile.Open(builder.Build());

        CallTree.Build(file).Roots.Single().WaitTicks.ShouldBe(0);
    }

    private static TraceFileBuilder.ThreadEvents Work(TraceFileBuilder.ThreadEvents thread, WorkWhat what, long id, long at, int function = 0) =>
        thread.WorkEvent(what, id, at, function);

    private static string Json(CallTree tree)
    {
        var writer = new StringWriter();
        JsonRenderer.Render(tree, writer);
        return writer.ToString();
    }

    private string Report(TraceFileBuilder builder, params string[] flags)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        ReportCommand.Run(new[] { Save(builder) }.Concat(flags).ToArray(), stdout, stderr).ShouldBe(0, stderr.ToString());
        return stdout.ToString();
    }
}
