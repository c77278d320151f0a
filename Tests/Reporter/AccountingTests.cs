using System;
using System.Linq;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;

namespace Tests.Reporter;

/// <summary>
/// The flat profile's figures (--top, --callers, diff) counted exactly, whatever the nesting through spawned work
/// and async calls: a function's total is the time it was on a thread's stack, each instant once per thread;
/// its self time the time its own code was on top, not more than the tree's self time (which leaves out waiting
/// for the work a call started). So self never exceeds total, and total never exceeds the trace's wall time times
/// its threads.
/// </summary>
public class AccountingTests : ReporterTestBase
{
    private const int Main = 1;
    private const int Schedule = 2;
    private const int Lambda = 3;
    private const int WriteAsync = 4;
    private const int WriteAsyncOverload = 5;
    private const int Continue = 6;
    private const int Parse = 7;

    private static TraceFileBuilder Trace()
    {
        var lines = new[]
        {
            "App\tProgram.Main\t\t0",
            "App\tScheduler.Schedule\t\t0",
            "App\tScheduler.Schedule.lambda1\t\t0",

            // Two overloads whose parameters the trace does not record: they read the same.
            "App\tWriter.WriteAsync\t\t0",
            "App\tWriter.WriteAsync\t\t0",
            "App\tHandler.Continue\t\t0",
            "App\tParser.Parse\t\t0",
        };
        return new TraceFileBuilder().Process("app", "app").ModuleTable("App", 1, lines.Length, string.Join("\n", lines));
    }

    [Test]
    public void A_function_under_its_own_spawned_work_counts_every_run_after_the_first_returned()
    {
        // Schedule starts work and returns; the work calls Schedule again, long after (the Rx pattern).
        var builder = Trace();
        builder.Thread(0, 1, "main").Enter(Main, 0).Enter(Schedule, 10).WorkEvent(WorkWhat.Spawn, 0x1, 15).Exit(Schedule, 20).Exit(Main, 1000);
        builder.Thread(1, 7, "pool")
            .WorkEvent(WorkWhat.Begin, 0x1, 100).Enter(Lambda, 100).Enter(Schedule, 110).WorkEvent(WorkWhat.Spawn, 0x2, 115).Exit(Schedule, 150).Exit(Lambda, 200)
            .WorkEvent(WorkWhat.End, 0x1, 200);
        builder.Thread(2, 8, "pool")
            .WorkEvent(WorkWhat.Begin, 0x2, 300).Enter(Lambda, 300).Enter(Schedule, 310).Exit(Schedule, 400).Exit(Lambda, 500).WorkEvent(WorkWhat.End, 0x2, 500);
        var tree = BuildTree(builder);

        // The first call's own time is taken by the work it started, as in the tree (its self time is 0 there).
        var schedule = Row(tree, "Scheduler.Schedule");
        (schedule.Calls, schedule.TotalTicks, schedule.SelfTicks).ShouldBe((3L, 10L + 40 + 90, 40L + 90));
        var lambda = Row(tree, "Scheduler.Schedule.lambda1");
        (lambda.Calls, lambda.TotalTicks, lambda.SelfTicks).ShouldBe((2L, 100L + 200, 100L - 40 + 200 - 90));
        var main = Row(tree, "Program.Main");
        (main.TotalTicks, main.SelfTicks).ShouldBe((1000L, 990L));
        AssertExact(tree);

        // --callers counts the same total and calls.
        var callers = TreeViews.Callers(tree, FunctionMatcher.Find("Scheduler.Schedule", FunctionMatcher.FunctionsIn(tree))!);
        (callers.Roots.Single().Calls, callers.Roots.Single().TotalTicks).ShouldBe((3L, 140L));
        var top = RunCommand(Save(builder), "--top", "3").StdoutLines;
        top.ShouldContain(l => l.EndsWith("  Scheduler.Schedule", StringComparison.Ordinal) && l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2] == "140ns");
    }

    [Test]
    public void An_async_function_calling_an_async_overload_of_its_name_keeps_self_within_total()
    {
        // WriteAsync starts its overload and completes at once; the overload resumes on the pool and works there.
        var builder = Trace();
        builder.Thread(0, 1, "main")
            .Enter(Main, 0)
            .WorkEvent(WorkWhat.AsyncCall, 0xA1, 10, WriteAsync).WorkEvent(WorkWhat.Begin, 0xA1, 10).Enter(WriteAsync, 11)
            .WorkEvent(WorkWhat.AsyncCall, 0xA2, 20, WriteAsyncOverload).WorkEvent(WorkWhat.Begin, 0xA2, 20).Enter(WriteAsyncOverload, 21).Exit(WriteAsyncOverload, 30).WorkEvent(WorkWhat.End, 0xA2, 31)
            .WorkEvent(WorkWhat.AsyncComplete, 0xA1, 44).Exit(WriteAsync, 45).WorkEvent(WorkWhat.End, 0xA1, 46)
            .Exit(Main, 1000);
        builder.Thread(1, 7, "pool")
            .WorkEvent(WorkWhat.Begin, 0xA2, 500).Enter(WriteAsyncOverload, 500).WorkEvent(WorkWhat.AsyncComplete, 0xA2, 600).Exit(WriteAsyncOverload, 601).WorkEvent(WorkWhat.End, 0xA2, 602);
        var tree = BuildTree(builder);

        // The tree: the async call of the overload lasts from its call to its completion, under the first one.
        var outer = tree.Roots.Single().Children.Single();
        (outer.Kind, outer.TotalTicks).ShouldBe((CallKind.Async, 44L - 10));
        (outer.Children.Single().Kind, outer.Children.Single().TotalTicks).ShouldBe((CallKind.Async, 600L - 20));

        // --top: both overloads read "Writer.WriteAsync"; on the main thread the overload's first run is inside the
        // other's, then it ran 100 ticks on the pool.
        var write = Row(tree, "Writer.WriteAsync");
        write.Calls.ShouldBe(2);
        write.TotalTicks.ShouldBe((44 - 11) + (600 - 500));
        write.SelfTicks.ShouldBe(0 + (30 - 21) + (600 - 500)); // the first one only waited for the other (its self time in the tree is 0)
        AssertExact(tree);
    }

    [Test]
    public void A_continuation_run_inside_an_async_method_after_its_completion_is_not_the_methods()
    {
        // Main's async call awaits WriteAsync, whose completion on the pool runs Main's continuation inline, inside
        // WriteAsync's run of MoveNext (Continue is called there), before WriteAsync's MoveNext returns.
        var builder = Trace();
        builder.Thread(0, 1, "main")
            .WorkEvent(WorkWhat.AsyncCall, 0xB1, 0, Main).WorkEvent(WorkWhat.Begin, 0xB1, 0).Enter(Main, 1)
            .WorkEvent(WorkWhat.AsyncCall, 0xB2, 10, WriteAsync).WorkEvent(WorkWhat.Begin, 0xB2, 10).Enter(WriteAsync, 11).Exit(WriteAsync, 20).WorkEvent(WorkWhat.End, 0xB2, 21)
            .Exit(Main, 30).WorkEvent(WorkWhat.End, 0xB1, 31);
        builder.Thread(1, 7, "pool")
            .WorkEvent(WorkWhat.Begin, 0xB2, 500).Enter(WriteAsync, 500).WorkEvent(WorkWhat.AsyncComplete, 0xB2, 550)
            .WorkEvent(WorkWhat.Begin, 0xB1, 551).Enter(Main, 552).Call(Continue, 560, 860).WorkEvent(WorkWhat.AsyncComplete, 0xB1, 870).Exit(Main, 871).WorkEvent(WorkWhat.End, 0xB1, 872)
            .Exit(WriteAsync, 900).WorkEvent(WorkWhat.End, 0xB2, 901);
        var tree = BuildTree(builder);

        var write = Row(tree, "Writer.WriteAsync");
        write.TotalTicks.ShouldBe((20 - 11) + (550 - 500));
        write.SelfTicks.ShouldBe((20 - 11) + (550 - 500));
        var main = Row(tree, "Program.Main");
        main.TotalTicks.ShouldBe((30 - 1) + (870 - 552));
        main.SelfTicks.ShouldBe(870 - 540 - 300); // its own code ran 36 ticks, but its self time in the tree is 30
        Row(tree, "Handler.Continue").TotalTicks.ShouldBe(300);
        AssertExact(tree);
    }

    [Test]
    public void Recursion_on_one_thread_counts_once_and_concurrent_calls_on_two_threads_count_twice()
    {
        var builder = Trace();
        builder.Thread(0, 1, "main")
            .Enter(Main, 0).WorkEvent(WorkWhat.Spawn, 0xC1, 5)
            .Enter(Parse, 10).Enter(Parse, 20).Exit(Parse, 80).Exit(Parse, 110)
            .Exit(Main, 200);
        builder.Thread(1, 7, "pool").WorkEvent(WorkWhat.Begin, 0xC1, 50).Call(Parse, 50, 150).WorkEvent(WorkWhat.End, 0xC1, 150);
        var tree = BuildTree(builder);

        var parse = Row(tree, "Parser.Parse");
        (parse.Calls, parse.TotalTicks, parse.SelfTicks).ShouldBe((3L, 100L + 100, 100L + 100));
        AssertExact(tree);
    }

    [Test]
    public void Figures_of_an_unfinished_trace_run_to_its_end()
    {
        var builder = Trace();
        builder.Complete = false;
        builder.Thread(0, 1, "main").Enter(Main, 0).Enter(Parse, 10).Enter(Parse, 20).Call(Continue, 30, 40);
        var tree = BuildTree(builder);

        var parse = Row(tree, "Parser.Parse");
        (parse.TotalTicks, parse.SelfTicks, parse.UnfinishedCalls).ShouldBe((30L, 20L, 2L));
        Row(tree, "Program.Main").SelfTicks.ShouldBe(10);
        AssertExact(tree);
    }

    /// <summary>Self within total, and total within the wall time times the threads, for every function.</summary>
    internal static void AssertExact(CallTree tree)
    {
        foreach (var row in FlatProfile.Of(tree).Functions)
        {
            row.SelfTicks.ShouldBeGreaterThanOrEqualTo(0, row.Function.Name);
            row.SelfTicks.ShouldBeLessThanOrEqualTo(row.TotalTicks, row.Function.Name);
            row.TotalTicks.ShouldBeLessThanOrEqualTo(tree.TotalTicks * tree.ThreadCount, row.Function.Name);
        }
    }

    private static FunctionStats Row(CallTree tree, string name) => FlatProfile.Of(tree).Functions.Single(f => f.Function.Name == name);
}
