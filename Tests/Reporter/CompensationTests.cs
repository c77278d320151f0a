using System.Linq;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;

namespace Tests.Reporter;

/// <summary>
/// The tracer's own cost, recorded by the traced process, taken out of every time (docs/overhead-compensation.md):
/// traces written by hand with a known cost per call, at 1 GHz (a tick is a nanosecond).
/// </summary>
public class CompensationTests : ReporterTestBase
{
    // A timed call costs 20 ns, 10 of them between its two clock reads; a counted one the same.
    private static readonly TracerCost Cost = new(TimedCall: 20, TimedInside: 10, CountedCall: 20, CountedInside: 10, WorkEvent: 0);

    /// <summary>Main makes ten calls of 100 ns of work each; every call adds the tracer's 20 ns around its work.</summary>
    private static TraceFileBuilder TenCalls(TracerCost? cost, double clockFrequency = 1e9)
    {
        var builder = NewTrace();
        builder.ClockFrequency = clockFrequency;
        builder.TracerCost = cost;
        var thread = builder.Thread(0, 1).Enter(ProgramMain, 0);
        for (var k = 0; k < 10; k++)
        {
            // 5 ns of the caller's tracer cost after its clock read, 5 before the callee's read; the callee's read to
            // read is 5 + 100 + 5.
            thread.Call(DbConnect, 10 + (120 * k), 120 + (120 * k));
        }

        thread.Exit(ProgramMain, 1210);
        builder.EndAt = 1300;
        return builder;
    }

    [Test]
    public void The_cost_of_the_calls_inside_a_node_is_taken_out_of_its_total_and_self_time()
    {
        var raw = BuildTree(TenCalls(null));
        var main = raw.Roots.ShouldHaveSingleItem();
        (main.TotalTicks, main.SelfTicks, main.Children[0].TotalTicks).ShouldBe((1210L, 110L, 1100L));

        var tree = BuildTree(TenCalls(Cost));

        main = tree.Roots.ShouldHaveSingleItem();
        var connect = main.Children.ShouldHaveSingleItem();
        (connect.Calls, connect.TotalTicks, connect.SelfTicks).ShouldBe((10L, 1000L, 1000L));
        (main.TotalTicks, main.SelfTicks).ShouldBe((1000L, 0L));
        CallDurations.Of(connect)!.Quantile(0.5).ShouldBe(100);
        tree.TracerNanosPerCall.ShouldBe(20);
    }

    [Test]
    public void The_flat_profile_and_every_export_show_compensated_times()
    {
        var path = Save(TenCalls(Cost));

        var top = RunCommand(path, "--top", "5", "--json");
        top.Stdout.ShouldContain("\"self_ms\": 0.001");
        var folded = RunCommand(path, "--folded");
        folded.StdoutLines.ShouldContain("App.Program.Main;App.Data.Db.Connect 1");
        var json = RunCommand(path, "--json");
        json.Stdout.ShouldContain("\"duration_ms\": 0.001,");
        json.Stdout.ShouldContain("\"tracer_ns_per_call_removed\": 20,");
    }

    [Test]
    public void Raw_shows_the_times_as_the_clock_measured_them()
    {
        // A tick is a microsecond here: the JSON's milliseconds show three decimals.
        var path = Save(TenCalls(Cost, clockFrequency: 1e6));

        var compensated = RunCommand(path, "--json");
        var raw = RunCommand(path, "--json", "--raw");

        raw.ExitCode.ShouldBe(0, raw.Stderr);
        raw.Stdout.ShouldContain("\"duration_ms\": 1.21,");
        compensated.Stdout.ShouldContain("\"duration_ms\": 1,");
        raw.Stdout.ShouldNotContain("tracer_ns_per_call_removed");
        compensated.Stderr.ShouldContain("note: times leave out the tracer's own cost, measured by the traced process: 20000.0 ns per timed call, 20000.0 ns per counted call (--raw shows them as measured)");
        raw.Stderr.ShouldContain("note: times are as measured (--raw): they include the tracer's own cost, 20000.0 ns per timed call and 20000.0 ns per counted call");
        RunCommand(path, "--top", "3", "--raw").Stdout.ShouldNotBe(RunCommand(path, "--top", "3").Stdout);
        compensated.StderrLines.Count(l => l.Contains("tracer's own cost")).ShouldBe(1);
    }

    [Test]
    public void Raw_works_in_diff_too()
    {
        var path = Save(TenCalls(Cost));

        var diff = RunCommand("diff", path, path, "--raw");

        diff.ExitCode.ShouldBe(0, diff.Stderr);
    }

    [Test]
    public void A_trace_without_the_record_is_reported_as_measured_and_says_so()
    {
        var path = Save(TenCalls(null));

        var result = RunCommand(path);

        result.ExitCode.ShouldBe(0);
        result.Stderr.ShouldContain("note: the trace does not record the tracer's cost per call (an older runtime wrote it): times include it");
        BuildTree(TenCalls(null)).TracerNanosPerCall.ShouldBeNull();
    }

    [Test]
    public void Compensation_never_takes_a_time_below_zero()
    {
        // A cost far above what the calls took: every figure stops at zero, none goes negative.
        var builder = NewTrace();
        builder.TracerCost = new TracerCost(5000, 3000, 5000, 3000, 1000);
        var thread = builder.Thread(0, 1).Enter(ProgramMain, 0);
        for (var k = 0; k < 50; k++)
        {
            thread.Enter(RouterInit, 100 + (40 * k)).Call(RouterAdd, 105 + (40 * k), 110 + (40 * k)).Exit(RouterInit, 120 + (40 * k));
        }

        thread.Call(DbConnect, 3000, 9000).Exit(ProgramMain, 9010);

        var tree = BuildTree(builder);

        var nodes = Flatten(tree.Roots).ToList();
        nodes.Count.ShouldBe(4);
        nodes.ShouldAllBe(n => n.TotalTicks >= 0 && n.SelfTicks >= 0);
        var connect = nodes.Single(n => n.Function.Name == "Db.Connect");
        connect.TotalTicks.ShouldBeInRange(0, 6000);
        var profile = FlatProfile.Of(tree);
        profile.Functions.ShouldAllBe(f => f.SelfTicks >= 0 && f.TotalTicks >= f.SelfTicks);
    }

    [Test]
    public void Counted_calls_take_out_their_own_cost()
    {
        var builder = new TraceFileBuilder()
            .Process("app", "app", ".NET 10.0.0")
            .ModuleTable("App", 1, 2, "App\tProgram.Main\t\t0\t\t0\nApp\tParticle.Moving.get\t\t0\t\t1");
        builder.TracerCost = new TracerCost(TimedCall: 30, TimedInside: 10, CountedCall: 16, CountedInside: 6, WorkEvent: 0);
        var thread = builder.Thread(0, 1).Enter(1, 0);
        for (var k = 0; k < 100; k++)
        {
            // 10 ns of the caller's own work between counted calls of 16 ns, 6 of them between their reads.
            thread.Call(2, 20 + (26 * k), 26 + (26 * k));
        }

        thread.Exit(1, 20 + (26 * 100) + 10);

        var tree = BuildTree(builder);

        var main = tree.Roots.ShouldHaveSingleItem();
        var moving = main.Children.ShouldHaveSingleItem();
        (moving.Calls, moving.TotalTicks).ShouldBe((100L, 0L));
        main.TotalTicks.ShouldBe(1020L);
    }

    [Test]
    public void A_counted_call_slower_than_calibrated_lasts_nothing_and_its_excess_leaves_the_caller()
    {
        // Every fourth counted call's store meets a new cache line: 46 ns between its reads instead of 6.
        var builder = new TraceFileBuilder()
            .Process("app", "app", ".NET 10.0.0")
            .ModuleTable("App", 1, 2, "App\tProgram.Main\t\t0\t\t0\nApp\tParticle.Moving.get\t\t0\t\t1");
        builder.TracerCost = new TracerCost(TimedCall: 30, TimedInside: 10, CountedCall: 16, CountedInside: 6, WorkEvent: 0);
        var thread = builder.Thread(0, 1).Enter(1, 0);
        long at = 20;
        for (var k = 0; k < 100; k++)
        {
            var inside = k % 4 == 0 ? 46 : 6;
            thread.Call(2, at, at + inside);
            at += inside + 20; // 10 of the tracer, 10 of the caller's work
        }

        thread.Exit(1, at + 10);

        var tree = BuildTree(builder);

        var main = tree.Roots.ShouldHaveSingleItem();
        main.Children.ShouldHaveSingleItem().TotalTicks.ShouldBe(0);
        main.TotalTicks.ShouldBe(1020L);
    }

    private static System.Collections.Generic.IEnumerable<CallNode> Flatten(System.Collections.Generic.IEnumerable<CallNode> nodes) =>
        nodes.SelectMany(n => new[] { n }.Concat(Flatten(n.Children)));
}
