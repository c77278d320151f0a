using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Reporter;

/// <summary>
/// Work that starts the next piece of work (ObserveOn draining over the thread pool, a timer re-armed from its
/// own callback): each run hangs under the frame that started it, so the logical tree would nest once per run.
/// Such a chain folds into one node — spawned work whose function already runs as spawned work further up its
/// path is another run of that node: its call count is the number of runs, its total all runs' time, its self
/// time the runs' own code. Depth stays bounded and every count exact, in every format.
/// </summary>
public class ChainTests : ReporterTestBase
{
    private const int Main = 1;
    private const int Ctor = 2;
    private const int Lambda = 3;
    private const int Drain = 4;
    private const int OnNext = 5;

    private static TraceFileBuilder Module() =>
        new TraceFileBuilder().Process("rx", "rx").Module(
            "Rx",
            1,
            ("App", "Program.Main"),
            ("Rx", "ScheduledWorkItem..ctor"),
            ("Rx", "ScheduledWorkItem..ctor.lambda1"),
            ("Rx", "ObserveOn.DrainShortRunning"),
            ("App", "Observer.OnNext"));

    /// <summary>
    /// Main creates a work item, whose callback drains (calling OnNext) and creates the next work item: a chain of
    /// <paramref name="steps"/> runs, alternating between two pool threads; each run takes 100 ticks, 30 of them in OnNext.
    /// </summary>
    private static TraceFileBuilder Chain(int steps)
    {
        var builder = Module();
        builder.ChunkSize = 64 << 10;
        builder.EventsPerChunk = 14 * 500; // whole runs per chunk: a work event's two words stay together
        var main = builder.Thread(0, 1, "main").Enter(Main, 0).Enter(Ctor, 10).WorkEvent(WorkWhat.Spawn, 1, 15).Exit(Ctor, 20);
        var pool = new[] { builder.Thread(1, 7, ".NET TP Worker", threadPool: true), builder.Thread(2, 8, ".NET TP Worker", threadPool: true) };
        long at = 100;
        for (var step = 1; step <= steps; step++)
        {
            var thread = pool[step % 2].WorkEvent(WorkWhat.Begin, step, at).Enter(Lambda, at).Enter(Drain, at + 10).Call(OnNext, at + 20, at + 50);
            if (step < steps)
            {
                thread.Enter(Ctor, at + 60).WorkEvent(WorkWhat.Spawn, step + 1, at + 65).Exit(Ctor, at + 70);
            }

            thread.Exit(Drain, at + 90).Exit(Lambda, at + 100).WorkEvent(WorkWhat.End, step, at + 100);
            at += 200;
        }

        main.Exit(Main, at);
        return builder;
    }

    [Test]
    public void A_chain_of_100000_runs_folds_into_one_node_with_exact_counts()
    {
        const int Steps = 100_000;
        var trace = Save(Chain(Steps));
        using var file = TraceFile.Open(trace);

        var tree = CallTree.Build(file);

        var ctor = tree.Roots.Single().Children.Single();
        ctor.Function.Name.ShouldBe("ScheduledWorkItem..ctor");
        var chain = ctor.Children.Single();
        (chain.Function.Name, chain.Kind, chain.IsChain, chain.Calls).ShouldBe(("ScheduledWorkItem..ctor.lambda1", CallKind.Spawned, true, (long)Steps));
        chain.TotalTicks.ShouldBe(100L * Steps);
        chain.SelfTicks.ShouldBe(20L * Steps);
        var drain = chain.Children.Single();
        (drain.Function.Name, drain.Calls, drain.TotalTicks).ShouldBe(("ObserveOn.DrainShortRunning", (long)Steps, 80L * Steps));
        drain.Children.Select(c => (c.Function.Name, c.Calls)).ShouldBe(new[] { ("Observer.OnNext", (long)Steps), ("ScheduledWorkItem..ctor", (long)Steps - 1) });
        drain.Children.Single(c => c.Function.Name == "ScheduledWorkItem..ctor").Children.ShouldBeEmpty();
        MaxDepth(tree).ShouldBe(5);
        tree.Notes.ShouldBeEmpty();

        // The flat profile and the callers: every call counted once, each run's time once.
        var top = FlatProfile.Of(tree).Functions.ToDictionary(f => f.Function.Name);
        (top["ScheduledWorkItem..ctor.lambda1"].Calls, top["ScheduledWorkItem..ctor.lambda1"].TotalTicks, top["ScheduledWorkItem..ctor.lambda1"].SelfTicks).ShouldBe(((long)Steps, 100L * Steps, 20L * Steps));
        (top["ScheduledWorkItem..ctor"].Calls, top["ScheduledWorkItem..ctor"].TotalTicks).ShouldBe(((long)Steps, 10L * Steps));
        top["Observer.OnNext"].Calls.ShouldBe(Steps);
        AccountingTests.AssertExact(tree);
        var callers = TreeViews.Callers(tree, FunctionMatcher.Find("Observer.OnNext", FunctionMatcher.FunctionsIn(tree))!);
        callers.Roots.Single().Calls.ShouldBe(Steps);
        MaxDepth(callers).ShouldBe(5);
    }

    [Test]
    public void One_worker_or_several_fold_the_chain_alike()
    {
        // Over 4 MB of events: threads are replayed in parallel and most runs meet their start in the second pass.
        using var file = TraceFile.Open(Save(Chain(100_000)));

        var parallel = ViewTests.BuildWith(file, 4);
        var single = ViewTests.BuildWith(file, 1);

        Describe(parallel).ShouldBe(Describe(single));
        Describe(single).Count.ShouldBe(6);
    }

    [Test]
    public void Every_format_shows_the_chain_once()
    {
        var trace = Save(Chain(1000));

        var tree = RunCommand(trace).StdoutLines;
        tree.ShouldContain(l => l.StartsWith("    └── ⇢ ScheduledWorkItem..ctor.lambda1 ", StringComparison.Ordinal) && l.EndsWith("×1000  ↻ chain  wait 135µs", StringComparison.Ordinal), string.Join("\n", tree));
        using (var json = JsonDocument.Parse(RunCommand(trace, "--json").Stdout))
        {
            var chain = json.RootElement[0].GetProperty("children")[0].GetProperty("children")[0];
            chain.GetProperty("name").GetString().ShouldBe("Rx.ScheduledWorkItem..ctor.lambda1");
            chain.GetProperty("chain").GetBoolean().ShouldBeTrue();
            chain.GetProperty("calls").GetInt64().ShouldBe(1000);
            chain.GetProperty("kind").GetString().ShouldBe("spawned");

            // Each run waited from its spawn to its begin: 85 ns for the first, 135 ns for each of the 999 others.
            chain.GetProperty("wait_ms").GetDouble().ShouldBe((85 + (999 * 135)) / 1e6, 1e-3);
        }

        var folded = RunCommand(trace, "--folded").StdoutLines;
        folded.Length.ShouldBe(5, string.Join("\n", folded)); // the outer ..ctor's time went to the work it started
        folded.ShouldContain("App.Program.Main;Rx.ScheduledWorkItem..ctor;Rx.ScheduledWorkItem..ctor.lambda1;Rx.ObserveOn.DrainShortRunning;App.Observer.OnNext 30");
        RunCommand(trace, "--html").Stdout.ShouldContain("\"⇢ ScheduledWorkItem..ctor.lambda1 ↻ chain\"");
        var row = RunCommand(trace, "--top", "5").StdoutLines.Single(l => l.EndsWith("  ScheduledWorkItem..ctor.lambda1", StringComparison.Ordinal));
        row.Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(new[] { "20µs", "10.0%", "100µs", "50.0%", "135µs", "1000", "100ns", "100ns", "100ns", "100ns", "100ns", "100ns", "ScheduledWorkItem..ctor.lambda1" });
        RunCommand(trace, "--callers", "OnNext", "--depth", "10").StdoutLines.Length.ShouldBe(1 + 5);

        // Timelines show each run where it ran: no nesting to fold.
        RunCommand(trace, "--chrome").Stdout.Split("\"name\":\"spawn\"").Length.ShouldBe(1 + (2 * 1000));
        RunCommand(trace, "--speedscope").ExitCode.ShouldBe(0);
    }

    [Test]
    public void Spawned_work_of_another_function_or_beside_itself_is_no_chain()
    {
        // Parallel bodies of one delegate are runs of the same work, side by side: one node, no chain.
        var builder = Module();
        var main = builder.Thread(0, 1, "main").Enter(Main, 0).Enter(Ctor, 10).WorkEvent(WorkWhat.Spawn, 1, 11).WorkEvent(WorkWhat.Spawn, 2, 12).Exit(Ctor, 20);
        builder.Thread(1, 7).WorkEvent(WorkWhat.Begin, 1, 30).Call(Lambda, 30, 60).WorkEvent(WorkWhat.End, 1, 60)
            .WorkEvent(WorkWhat.Begin, 2, 70).Enter(Drain, 70).WorkEvent(WorkWhat.Spawn, 3, 75).Exit(Drain, 80).WorkEvent(WorkWhat.End, 2, 80);
        builder.Thread(2, 8).WorkEvent(WorkWhat.Begin, 3, 90).Call(Lambda, 90, 99).WorkEvent(WorkWhat.End, 3, 99);
        main.Exit(Main, 200);

        var tree = BuildTree(builder);

        tree.Roots.Single().Children.Single().Children.Select(c => (c.Function.Name, c.Kind, c.IsChain)).ShouldBe(new[]
        {
            ("ScheduledWorkItem..ctor.lambda1", CallKind.Spawned, false),
            ("ObserveOn.DrainShortRunning", CallKind.Spawned, false),
        });
        var drain = tree.Roots.Single().Children.Single().Children[1];
        drain.Children.Single().Function.Name.ShouldBe("ScheduledWorkItem..ctor.lambda1");
    }

    private static int MaxDepth(CallTree tree)
    {
        var deepest = 0;
        var pending = new Stack<(CallNode Node, int Depth)>(tree.Roots.Select(r => (r, 1)));
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            deepest = Math.Max(deepest, depth);
            foreach (var child in node.Children)
            {
                pending.Push((child, depth + 1));
            }
        }

        return deepest;
    }

    private static List<string> Describe(CallTree tree)
    {
        var lines = new List<string>();
        var pending = new Stack<(CallNode Node, string Path)>(tree.Roots.Select(r => (r, string.Empty)));
        while (pending.Count > 0)
        {
            var (node, path) = pending.Pop();
            var here = path + "/" + node.Function.Name + (node.IsChain ? "↻" : string.Empty);
            lines.Add($"{here} {node.Kind} ×{node.Calls} {node.TotalTicks} work {node.WorkTicks} stack {node.OnStackTicks - node.NestedStackTicks}");
            foreach (var child in node.Children)
            {
                pending.Push((child, here));
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}

/// <summary>A real woven program whose thread-pool work queues the next piece of work, 100,000 times.</summary>
[TestFixture]
public sealed class RealChainTests
{
    private const int Steps = 100_000;

    private const string Source = """
        namespace ChainApp;

        public static class Program
        {
            public static int Main()
            {
                Console.WriteLine(Chain.Run(100_000));
                return 0;
            }
        }

        public static class Chain
        {
            static readonly ManualResetEventSlim Done = new();
            static long _sum;

            public static long Run(int steps)
            {
                Schedule(steps);
                Done.Wait();
                return _sum;
            }

            /// <summary>Queues the next step on the thread pool: the work it starts runs after it returned.</summary>
            static void Schedule(int n) => ThreadPool.QueueUserWorkItem(_ => Drain(n));

            static void Drain(int n)
            {
                if (n == 0)
                {
                    Done.Set();
                    return;
                }

                _sum += Work(n);
                Schedule(n - 1);
            }

            static int Work(int n) => n % 7;
        }
        """;

    private TracedProgram _program = null!;
    private string _trace = null!;

    [OneTimeSetUp]
    public void BuildAndRun()
    {
        _program = TracedProgram.Build("realchain", Source);
        _trace = Path.Combine(_program.Directory, "chain.gotrace");
        var run = _program.Run(Array.Empty<string>(), new Dictionary<string, string?> { ["GOTRACE_OUTPUT"] = _trace });
        run.ExitCode.ShouldBe(0, run.ToString());
        run.StdOut.ShouldBe(Enumerable.Range(1, Steps).Sum(n => (long)(n % 7)) + "\n");
    }

    [OneTimeTearDown]
    public void Delete() => RepoPaths.DeleteDirectories(_program.Directory);

    [Test]
    public void The_chain_folds_into_one_node_and_every_call_is_counted()
    {
        using var file = TraceFile.Open(_trace);
        var tree = CallTree.Build(file);

        tree.Notes.ShouldAllBe(n => n.StartsWith(CompensationNote.Start));
        tree.Roots.Select(r => r.Function.Name).ShouldNotContain("Chain.Schedule.lambda1", string.Join(", ", tree.Roots.Select(r => r.Function.Name)));
        var run = tree.Roots.Single(r => r.Function.Name == "Program.Main").Children.Single(c => c.Function.Name == "Chain.Run");
        var schedule = run.Children.Single(c => c.Function.Name == "Chain.Schedule"); // the static constructor may run here too
        var chain = schedule.Children.Single();
        (chain.Function.Name, chain.Kind, chain.IsChain, chain.Calls).ShouldBe(("Chain.Schedule.lambda1", CallKind.Spawned, true, Steps + 1L));
        var drain = chain.Children.Single();
        (drain.Function.Name, drain.Calls).ShouldBe(("Chain.Drain", Steps + 1L));
        drain.Children.Select(c => $"{c.Function.Name} ×{c.Calls}").Where(c => !c.StartsWith("Chain..cctor", StringComparison.Ordinal))
            .ShouldBe(new[] { $"Chain.Schedule ×{Steps}", $"Chain.Work ×{Steps}" }, ignoreOrder: true);

        var depth = 0;
        for (var pending = new Stack<(CallNode, int)>(tree.Roots.Select(r => (r, 1))); pending.Count > 0;)
        {
            var (node, d) = pending.Pop();
            depth = Math.Max(depth, d);
            foreach (var child in node.Children)
            {
                pending.Push((child, d + 1));
            }
        }

        depth.ShouldBeLessThanOrEqualTo(6);
        AccountingTests.AssertExact(tree);
        var top = FlatProfile.Of(tree).Functions.ToDictionary(f => f.Function.Name);
        top["Chain.Drain"].Calls.ShouldBe(Steps + 1);
        top["Chain.Schedule"].Calls.ShouldBe(Steps + 1);
        top["Chain.Work"].Calls.ShouldBe(Steps);
    }
}
