using System.Linq;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;

namespace Tests.Reporter;

public class CallTreeTests : ReporterTestBase
{
    [Test]
    public void Nested_calls_become_a_tree_with_totals_and_self_times()
    {
        var builder = NewTrace();
        builder.Thread(0, 1)
            .Enter(ServerStart, 0)
            .Call(DbConnect, 100, 400)
            .Call(RouterInit, 500, 600)
            .Exit(ServerStart, 1000);
        builder.EndAt = 2000;

        var tree = BuildTree(builder);

        tree.TotalTicks.ShouldBe(2000);
        tree.TotalSeconds.ShouldBe(2e-6);
        var start = tree.Roots.ShouldHaveSingleItem();
        start.Function.FullName.ShouldBe("App.Server.Start");
        start.Parent.ShouldBeNull();
        (start.Calls, start.TotalTicks, start.SelfTicks).ShouldBe((1L, 1000L, 600L));
        start.Children.Select(c => c.Function.Name).ShouldBe(new[] { "Db.Connect", "Router.Init" });
        start.Children[0].Parent.ShouldBe(start);
        (start.Children[0].TotalTicks, start.Children[0].SelfTicks).ShouldBe((300L, 300L));
        tree.Notes.ShouldBeEmpty();
    }

    [Test]
    public void Calls_along_the_same_path_merge_and_count()
    {
        var builder = NewTrace();
        var thread = builder.Thread(0, 1).Enter(RouterInit, 0);
        for (var i = 0; i < 12; i++)
        {
            thread.Call(RouterAdd, 10 + (i * 10), 15 + (i * 10));
        }

        thread.Exit(RouterInit, 200);

        var tree = BuildTree(builder);

        var add = tree.Roots[0].Children.ShouldHaveSingleItem();
        add.Calls.ShouldBe(12);
        add.TotalTicks.ShouldBe(60);
    }

    [Test]
    public void Children_are_sorted_by_total_descending()
    {
        var builder = NewTrace();
        builder.Thread(0, 1)
            .Enter(ProgramMain, 0)
            .Call(DbConnect, 0, 10)
            .Call(RouterInit, 10, 110)
            .Call(RouterAdd, 110, 160)
            .Exit(ProgramMain, 200);

        var tree = BuildTree(builder);

        tree.Roots[0].Children.Select(c => c.Function.Id).ShouldBe(new[] { RouterInit, RouterAdd, DbConnect });
    }

    [Test]
    public void Same_function_on_different_paths_stays_apart()
    {
        var builder = NewTrace();
        builder.Thread(0, 1)
            .Enter(ProgramMain, 0)
            .Enter(ServerStart, 0).Call(DbConnect, 0, 10).Exit(ServerStart, 20)
            .Enter(RouterInit, 20).Call(DbConnect, 20, 50).Exit(RouterInit, 60)
            .Exit(ProgramMain, 100);

        var tree = BuildTree(builder);

        var main = tree.Roots.ShouldHaveSingleItem();
        main.Children.Count.ShouldBe(2);
        main.Children.ShouldAllBe(c => c.Children.Single().Function.Id == DbConnect);
    }

    [Test]
    public void Recursion_nests_instead_of_merging()
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Enter(RouterAdd, 0).Enter(RouterAdd, 10).Call(RouterAdd, 20, 30).Exit(RouterAdd, 40).Exit(RouterAdd, 50);

        var tree = BuildTree(builder);

        var outer = tree.Roots.ShouldHaveSingleItem();
        outer.TotalTicks.ShouldBe(50);
        outer.Children.Single().TotalTicks.ShouldBe(30);
        outer.Children.Single().Children.Single().TotalTicks.ShouldBe(10);
    }

    [Test]
    public void Roots_of_all_threads_merge()
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Enter(ProgramMain, 0).Call(DbConnect, 10, 20).Exit(ProgramMain, 100);
        builder.Thread(1, 5).Call(ServerStart, 0, 300).Enter(ProgramMain, 300).Call(RouterInit, 310, 320).Exit(ProgramMain, 400);

        var tree = BuildTree(builder);

        tree.ThreadCount.ShouldBe(2);
        tree.Roots.Select(r => r.Function.Id).ShouldBe(new[] { ServerStart, ProgramMain });
        var main = tree.Roots[1];
        main.Calls.ShouldBe(2);
        main.TotalTicks.ShouldBe(200);
        main.Children.Select(c => c.Function.Id).ShouldBe(new[] { DbConnect, RouterInit }, ignoreOrder: true);
    }

    [Test]
    public void Exit_matching_a_deeper_call_closes_the_calls_above_it()
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Enter(ProgramMain, 0).Enter(ServerStart, 10).Enter(DbConnect, 20).Exit(ProgramMain, 100);

        var tree = BuildTree(builder);

        var main = tree.Roots.ShouldHaveSingleItem();
        main.TotalTicks.ShouldBe(100);
        var start = main.Children.Single();
        start.TotalTicks.ShouldBe(90);
        start.Children.Single().TotalTicks.ShouldBe(80);
        start.HasUnfinishedCalls.ShouldBeFalse();
        tree.ImplicitlyClosedCalls.ShouldBe(2);
        tree.IgnoredExits.ShouldBe(0);
        tree.Notes.ShouldContain("2 calls were closed by the exit of an outer call (their own exit is missing)");
    }

    [Test]
    public void Exit_matching_nothing_is_ignored_and_counted()
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Exit(DbConnect, 0).Enter(ProgramMain, 0).Exit(RouterAdd, 5).Exit(ProgramMain, 100).Exit(ProgramMain, 110);

        var tree = BuildTree(builder);

        var main = tree.Roots.ShouldHaveSingleItem();
        main.TotalTicks.ShouldBe(100);
        main.Children.ShouldBeEmpty();
        tree.IgnoredExits.ShouldBe(3);
        tree.Notes.ShouldContain("3 exits match no open call and were ignored");
    }

    [Test]
    public void Calls_open_at_the_end_of_a_complete_trace_close_at_its_end()
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Enter(ProgramMain, 0).Enter(ServerStart, 100);
        builder.EndAt = 1000;

        var tree = BuildTree(builder);

        tree.TotalTicks.ShouldBe(1000);
        var main = tree.Roots.ShouldHaveSingleItem();
        (main.TotalTicks, main.HasUnfinishedCalls, main.UnfinishedCalls).ShouldBe((1000L, true, 1L));
        main.Children.Single().TotalTicks.ShouldBe(900);
        tree.UnfinishedCalls.ShouldBe(2);
        tree.Notes.ShouldBe(new[] { "2 calls had not returned when the trace ended; they count until the end" });
    }

    [Test]
    public void Incomplete_trace_ends_at_the_latest_event_of_any_thread()
    {
        var builder = NewTrace();
        builder.Complete = false;
        builder.Thread(0, 1).Enter(ProgramMain, 0).Enter(ServerStart, 10);
        builder.Thread(1, 2).Call(DbConnect, 0, 500);

        var tree = BuildTree(builder);

        tree.IsComplete.ShouldBeFalse();
        tree.TotalTicks.ShouldBe(500);
        var main = tree.Roots.Single(r => r.Function.Id == ProgramMain);
        main.TotalTicks.ShouldBe(500);
        main.Children.Single().TotalTicks.ShouldBe(490);
        main.Children.Single().HasUnfinishedCalls.ShouldBeTrue();
        tree.Roots.Single(r => r.Function.Id == DbConnect).HasUnfinishedCalls.ShouldBeFalse();
        tree.Notes[0].ShouldStartWith("the trace is incomplete");
        tree.Notes[1].ShouldBe("2 calls had not returned when the trace ended; they count until the end");
    }

    [Test]
    public void Dropped_events_are_noted()
    {
        var builder = NewTrace();
        builder.DroppedEvents = 1;
        builder.Thread(0, 1).Call(ProgramMain, 0, 10);

        var tree = BuildTree(builder);

        tree.DroppedEvents.ShouldBe(1);
        tree.Notes.ShouldBe(new[]
        {
            "1 event was dropped by the tracer; some calls are missing",
            "where 1 dropped event was lost is not recorded (the file had no room left for the record)",
        });
    }

    [Test]
    public void Dropped_events_are_placed_per_thread_from_the_drops_records()
    {
        var builder = NewTrace();
        builder.DroppedEvents = 1_000 + 414 + 7; // worker, the pool threads (50 down to 42), 7 not placed
        builder.Thread(0, 1).Call(ProgramMain, 0, 10);
        builder.Thread(1, 5, "worker").Call(DbConnect, 20, 30);
        builder.Drops(1, 1_000, 1_500_000);
        for (var i = 0; i < 9; i++)
        {
            builder.Thread(2 + i, 10 + i, $"pool {i}");
            builder.Drops(2 + i, 50 - i, 2_000_000_000);
        }

        var tree = BuildTree(builder);

        tree.Notes.ShouldBe(new[]
        {
            "1421 events were dropped by the tracer; some calls are missing",
            "worker (thread 5, #1) dropped 1000 events from 1.5ms on (the trace file was full)",
            "pool 0 (thread 10, #2) dropped 50 events from 2.00s on (the trace file was full)",
            "pool 1 (thread 11, #3) dropped 49 events from 2.00s on (the trace file was full)",
            "pool 2 (thread 12, #4) dropped 48 events from 2.00s on (the trace file was full)",
            "pool 3 (thread 13, #5) dropped 47 events from 2.00s on (the trace file was full)",
            "pool 4 (thread 14, #6) dropped 46 events from 2.00s on (the trace file was full)",
            "pool 5 (thread 15, #7) dropped 45 events from 2.00s on (the trace file was full)",
            "pool 6 (thread 16, #8) dropped 44 events from 2.00s on (the trace file was full)",
            "2 more threads dropped 85 events",
            "where 7 dropped events were lost is not recorded (the file had no room left for the record)",
        });
    }

    [Test]
    public void Unknown_function_ids_show_as_placeholders()
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Call(999, 0, 10);

        var tree = BuildTree(builder);

        tree.Roots.Single().Function.FullName.ShouldBe("<unknown function 999>");
    }

    [Test]
    public void Many_children_of_one_node_merge_correctly()
    {
        var functions = Enumerable.Range(0, 40).Select(i => ("Wide", $"F{i}.Run")).ToArray();
        var builder = NewTrace().Module("Wide", 100, functions);
        var thread = builder.Thread(0, 1).Enter(ProgramMain, 0);
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 40; i++)
            {
                var at = 1 + (((round * 40) + i) * 50); // calls of up to 40 ticks, one after the other
                thread.Call(100 + i, at, at + 1 + i);
            }
        }

        thread.Exit(ProgramMain, 10000);

        var tree = BuildTree(builder);

        var children = tree.Roots.Single().Children;
        children.Count.ShouldBe(40);
        children.ShouldAllBe(c => c.Calls == 3);
        children[0].Function.Name.ShouldBe("F39.Run");
        children[0].TotalTicks.ShouldBe(120);
    }

    [Test]
    public void Deep_recursion_does_not_overflow_the_stack()
    {
        var builder = NewTrace();
        builder.EventsPerChunk = 500;
        var thread = builder.Thread(0, 1);
        const int depth = 2_000;
        for (var i = 0; i < depth; i++)
        {
            thread.Enter(RouterAdd, i);
        }

        for (var i = depth - 1; i >= 0; i--)
        {
            thread.Exit(RouterAdd, (2 * depth) - i);
        }

        var tree = BuildTree(builder);

        tree.Roots.Single().TotalTicks.ShouldBe(2 * depth);
        tree.EventCount.ShouldBe(2 * depth);
        var output = new System.IO.StringWriter();
        TreeRenderer.Render(tree, output);
        FoldedRenderer.Render(tree, new System.IO.StringWriter());
        JsonRenderer.Render(tree, new System.IO.StringWriter());
        output.ToString().ShouldContain("Router.Add");
    }
}
