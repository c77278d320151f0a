using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;

namespace Tests.Reporter;

/// <summary>
/// The single calls' durations behind every node and <c>--top</c> row: exact for a few calls, within the sketch's
/// stated error for many, in bounded memory; merged across paths, views and replay workers; shown in the tree's
/// tail note, the JSON nodes and the <c>--top</c> table and JSON.
/// </summary>
public sealed class DistributionTests : ReporterTestBase
{
    private static readonly double[] Quantiles = { 0, 0.5, 0.9, 0.99, 1 };

    [Test]
    public void A_few_calls_give_exact_nearest_rank_quantiles()
    {
        var sketch = new DurationSketch();
        var values = new long[] { 70, 10, 40, 20, 100, 30, 90, 60, 50, 80 };
        foreach (var value in values)
        {
            sketch.Add(value);
        }

        sketch.IsExact.ShouldBeTrue();
        Quantiles.Select(sketch.Quantile).ShouldBe(new long[] { 10, 50, 90, 100, 100 });
        (sketch.Count, sketch.Min, sketch.Max).ShouldBe((10L, 10L, 100L));
    }

    [TestCase("uniform")]
    [TestCase("lognormal")]
    [TestCase("bimodal")]
    [TestCase("outliers")]
    public void Many_calls_give_quantiles_within_the_stated_error(string shape)
    {
        var random = new Random(42);
        var values = new long[200_000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = shape switch
            {
                "uniform" => random.NextInt64(1_000, 2_000_000),
                "lognormal" => (long)Math.Exp(10 + (2 * Normal(random))),
                "bimodal" => random.Next(100) < 97 ? random.NextInt64(200, 400) : random.NextInt64(2_000_000, 9_000_000),
                _ => i % 10_000 == 0 ? 5_000_000_000L : random.NextInt64(50_000, 60_000),
            };
        }

        var sketch = new DurationSketch();
        foreach (var value in values)
        {
            sketch.Add(value);
        }

        var sorted = values.OrderBy(v => v).ToArray();
        sketch.IsExact.ShouldBeFalse();
        sketch.Min.ShouldBe(sorted[0]);
        sketch.Max.ShouldBe(sorted[^1]);
        foreach (var q in Quantiles)
        {
            var exact = sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1)];
            ((double)Math.Abs(sketch.Quantile(q) - exact)).ShouldBeLessThanOrEqualTo((exact * DurationSketch.RelativeError) + 1, $"{shape} q={q}");
        }

        // Bounded by the spread, never by the count.
        sketch.Bytes.ShouldBeLessThan(200 + (4 * DurationSketch.MaxBuckets));
    }

    [Test]
    public void Merging_sketches_gives_the_distribution_of_all_their_calls()
    {
        var random = new Random(7);
        var all = new DurationSketch();
        var parts = new[] { new DurationSketch(), new DurationSketch(), new DurationSketch() };
        for (var i = 0; i < 30_000; i++)
        {
            var value = random.NextInt64(1, 10_000_000);
            all.Add(value);
            parts[i % 3].Add(value);
        }

        var few = new DurationSketch();
        few.Add(123);
        var merged = new DurationSketch();
        merged.Add(few);
        foreach (var part in parts)
        {
            merged.Add(part);
        }

        all.Add(123);
        merged.Count.ShouldBe(all.Count);
        Quantiles.Select(merged.Quantile).ShouldBe(Quantiles.Select(all.Quantile));
    }

    [Test]
    public void Nodes_and_top_rows_carry_the_durations_of_their_single_calls()
    {
        // Db.Connect runs 100 times under Server.Start, 10 µs each but every 50th call 1 ms; once more elsewhere.
        var builder = NewTrace();
        var thread = builder.Thread(0, 1).Enter(ProgramMain, 0).Enter(ServerStart, 0);
        long at = 10;
        var durations = new List<long>();
        for (var i = 1; i <= 100; i++)
        {
            var duration = i % 50 == 0 ? 1_000_000 : 10_000 + i;
            thread.Call(DbConnect, at, at + duration);
            durations.Add(duration);
            at += duration + 10;
        }

        thread.Exit(ServerStart, at).Enter(RouterInit, at).Call(DbConnect, at + 1, at + 5001).Exit(RouterInit, at + 6000).Exit(ProgramMain, at + 7000);

        var tree = BuildTree(builder);

        var connect = tree.Roots[0].Children.Single(c => c.Function.Name == "Server.Start").Children.Single();
        var sketch = CallDurations.Of(connect).ShouldNotBeNull();
        sketch.Count.ShouldBe(100);
        var sorted = durations.OrderBy(d => d).ToArray();
        (sketch.Min, sketch.Max).ShouldBe((10_001L, 1_000_000L));
        ((double)sketch.Quantile(0.5)).ShouldBe(sorted[49], sorted[49] * DurationSketch.RelativeError);
        ((double)sketch.Quantile(0.99)).ShouldBe(1_000_000, 1_000_000 * DurationSketch.RelativeError);
        CallDurations.Of(tree.Roots[0]).ShouldBeNull(); // one call: no distribution

        var json = JsonDocument.Parse(Run("--json")).RootElement[0];
        json.TryGetProperty("p50_ms", out _).ShouldBeFalse();
        var connectJson = json.GetProperty("children").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "App.Server.Start")
            .GetProperty("children")[0];
        connectJson.GetProperty("min_ms").GetDouble().ShouldBe(0.010001);
        connectJson.GetProperty("p99_ms").GetDouble().ShouldBe(1.0, DurationSketch.RelativeError);
        connectJson.GetProperty("max_ms").GetDouble().ShouldBe(1.0);
        connectJson.GetProperty("p50_ms").GetDouble().ShouldBe(sorted[49] / 1e6, 0.01 * DurationSketch.RelativeError);

        // --top: every call of the function, on every path.
        var row = JsonDocument.Parse(Run("--top", "5", "--json")).RootElement.EnumerateArray().Single(r => r.GetProperty("name").GetString() == "App.Data.Db.Connect");
        row.GetProperty("calls").GetInt64().ShouldBe(101);
        row.GetProperty("min_ms").GetDouble().ShouldBe(0.005);
        row.GetProperty("max_ms").GetDouble().ShouldBe(1.0);
        var table = Run("--top", "5").Split('\n');
        Words(table[1]).ShouldBe(new[] { "self", "self%", "total", "total%", "wait", "calls", "avg/call", "min", "p50", "p90", "p99", "max", "function" });
        Words(table.Single(l => l.EndsWith("Db.Connect", StringComparison.Ordinal))).Skip(5)
            .ShouldBe(new[] { "101", "29.6µs", "5µs", "9.98µs", "9.98µs", "999µs", "1ms", "Db.Connect" });
        table.Single(l => l.EndsWith("Program.Main", StringComparison.Ordinal)).ShouldMatch(@"\s1\s+\S+\s+Program\.Main$");

        // The tree notes the tail: with 100 calls, p99 (1 ms) is far above the mean (29.8 µs).
        Run().Split('\n').Single(l => l.Contains("Db.Connect", StringComparison.Ordinal) && l.Contains("×100", StringComparison.Ordinal))
            .ShouldEndWith("×100  p99 999µs  max 1ms");
    }

    [Test]
    public void The_tree_leaves_even_calls_unmarked_and_notes_the_slowest_of_a_few()
    {
        var builder = NewTrace();
        var thread = builder.Thread(0, 1).Enter(ProgramMain, 0);
        long at = 0;
        for (var i = 0; i < 200; i++)
        {
            thread.Call(RouterAdd, at, at + 1000 + (i % 7)); // even: no note
            at += 2000;
        }

        for (var i = 0; i < 9; i++)
        {
            thread.Call(DbConnect, at, at + 100);
            at += 200;
        }

        thread.Call(DbConnect, at, at + 5000).Exit(ProgramMain, at + 6000);

        Save(builder);
        var lines = Run().Split('\n');

        lines.Single(l => l.Contains("Router.Add", StringComparison.Ordinal)).ShouldEndWith("×200");
        lines.Single(l => l.Contains("Db.Connect", StringComparison.Ordinal)).ShouldEndWith("×10  max 5µs");
    }

    [Test]
    public void Views_merge_the_durations_of_the_paths_they_merge()
    {
        var builder = NewTrace();
        builder.Thread(0, 1)
            .Enter(ProgramMain, 0)
            .Enter(ServerStart, 0).Call(DbConnect, 0, 10).Call(DbConnect, 10, 30).Exit(ServerStart, 40)
            .Enter(RouterInit, 40).Call(DbConnect, 40, 70).Exit(RouterInit, 80)
            .Enter(RouterAdd, 80).Call(DbConnect, 80, 120).Call(DbConnect, 120, 170).Exit(RouterAdd, 170)
            .Exit(ProgramMain, 200);
        var tree = BuildTree(builder);
        var matcher = FunctionMatcher.Find("Db.Connect", FunctionMatcher.FunctionsIn(tree))!;

        var focus = TreeViews.Focus(tree, matcher).Roots.Single();
        var callers = TreeViews.Callers(tree, matcher).Roots.Single();
        var pruned = TreeViews.Prune(tree, 2, 0).Roots[0].Children.Single(c => c.Function.Name == "Router.Add");

        foreach (var node in new[] { focus, callers })
        {
            var sketch = CallDurations.Of(node).ShouldNotBeNull();
            Quantiles.Select(sketch.Quantile).ShouldBe(new long[] { 10, 30, 50, 50, 50 });
        }

        CallDurations.Of(callers.Children.Single(c => c.Function.Name == "Router.Add")).ShouldNotBeNull().Quantile(0).ShouldBe(40);
        CallDurations.Of(callers.Children.Single(c => c.Function.Name == "Router.Init")).ShouldBeNull();
        CallDurations.Of(pruned).ShouldBeNull();

        // The views share the tree's sketches read-only: the tree's own nodes are as they were.
        var underStart = tree.Roots[0].Children.Single(c => c.Function.Name == "Server.Start").Children.Single();
        Quantiles.Select(CallDurations.Of(underStart).ShouldNotBeNull().Quantile).ShouldBe(new long[] { 10, 10, 20, 20, 20 });
    }

    [Test]
    public void Async_calls_count_from_call_to_completion_whether_they_finish_at_once_or_later()
    {
        var builder = NewTrace();
        var main = builder.Thread(0, 1, "main");
        var pool = builder.Thread(1, 7, ".NET TP Worker", threadPool: true);
        main.Enter(ProgramMain, 0);

        // Completes in its first run: 10 ticks.
        main.WorkEvent(WorkWhat.AsyncCall, 0x10, 10, DbConnect).WorkEvent(WorkWhat.Begin, 0x10, 11).Enter(DbConnect, 12);
        main.WorkEvent(WorkWhat.AsyncComplete, 0x10, 19).Exit(DbConnect, 20).WorkEvent(WorkWhat.End, 0x10, 20);

        // Resumes on the pool and completes 500 ticks after its call.
        main.WorkEvent(WorkWhat.AsyncCall, 0x20, 30, DbConnect).WorkEvent(WorkWhat.Begin, 0x20, 31).Call(DbConnect, 32, 40).WorkEvent(WorkWhat.End, 0x20, 41);
        main.Exit(ProgramMain, 50);
        pool.WorkEvent(WorkWhat.Begin, 0x20, 400).Enter(DbConnect, 401).WorkEvent(WorkWhat.AsyncComplete, 0x20, 530).Exit(DbConnect, 531).WorkEvent(WorkWhat.End, 0x20, 531);

        var connect = BuildTree(builder).Roots.Single().Children.Single();

        connect.Kind.ShouldBe(CallKind.Async);
        connect.Calls.ShouldBe(2);
        var sketch = CallDurations.Of(connect).ShouldNotBeNull();
        (sketch.Min, sketch.Max, sketch.Count).ShouldBe((9L, 500L, 2L));
    }

    [Test]
    public void Paths_replayed_by_several_workers_merge_their_durations()
    {
        // Two threads, each big enough that the replay is spread over workers (more than 4 MB of events).
        var builder = NewTrace();
        var expected = new List<long>();
        for (var t = 0; t < 2; t++)
        {
            var thread = builder.Thread(t, t + 1).Enter(ServerStart, 0);
            long at = 1;
            for (var i = 0; i < 160_000; i++)
            {
                var duration = 100 + ((i * 37 + t) % 5000);
                thread.Call(DbConnect, at, at + duration);
                expected.Add(duration);
                at += duration + 1;
            }

            thread.Exit(ServerStart, at);
        }

        var connect = BuildTree(builder).Roots.Single().Children.Single();

        connect.Calls.ShouldBe(320_000);
        var sketch = CallDurations.Of(connect).ShouldNotBeNull();
        sketch.Count.ShouldBe(320_000);
        var sorted = expected.OrderBy(d => d).ToArray();
        foreach (var q in Quantiles)
        {
            var exact = sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1)];
            ((double)sketch.Quantile(q)).ShouldBe(exact, (exact * DurationSketch.RelativeError) + 1);
        }
    }

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private string Run(params string[] flags)
    {
        var path = System.IO.Directory.GetFiles(Directory).SingleOrDefault() ?? throw new InvalidOperationException("no trace saved");
        var result = RunCommand(new[] { path }.Concat(flags).ToArray());
        result.ExitCode.ShouldBe(0, result.Stderr);
        return result.Stdout;
    }

    private new CallTree BuildTree(TraceFileBuilder builder)
    {
        using var file = TraceFile.Open(Save(builder));
        return CallTree.Build(file);
    }
}
