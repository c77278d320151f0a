using System;
using System.Linq;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;

namespace Tests.Reporter;

/// <summary>--depth, --min-percent, --min-duration, --thread, --focus, --callers and --top, through the command.</summary>
public class ViewTests : ReporterTestBase
{
    private const long Ms = 1_000_000;

    [Test]
    public void Depth_keeps_the_outer_calls()
    {
        var result = RunCommand(Save(RendererTests.ServerTrace()), "--depth", "1");

        result.ExitCode.ShouldBe(0);
        result.StdoutLines.ShouldBe(new[] { "TOTAL: 2.31s, 2,428 events", "Server.Start  1.92s  83.1%" });
    }

    [Test]
    public void Folded_with_depth_adds_the_hidden_time_to_the_parent()
    {
        var result = RunCommand(Save(RendererTests.ServerTrace()), "--folded", "--depth=1");

        result.StdoutLines.ShouldBe(new[] { "App.Server.Start 1920000" });
    }

    [Test]
    public void Min_percent_and_min_duration_leave_out_small_calls()
    {
        var trace = Save(RendererTests.ServerTrace());

        RunCommand(trace, "--min-percent", "1").StdoutLines.Select(l => l.Split(' ')[0].Trim('├', '└', '─', '│', ' ')).ShouldBe(new[] { "TOTAL:", "Server.Start", string.Empty, string.Empty });
        RunCommand(trace, "--min-percent", "1").Stdout.ShouldNotContain("Router.Add");
        RunCommand(trace, "--min-duration", "500ms").StdoutLines.Length.ShouldBe(3);
        RunCommand(trace, "--min-duration", "1us").Stdout.ShouldContain("Router.Add");
        RunCommand(trace, "--min-duration", "37µs").Stdout.ShouldNotContain("Router.Add");
    }

    [Test]
    public void Thread_selects_by_name_managed_id_or_index()
    {
        var trace = Save(TwoThreads());

        RunCommand(trace, "--thread", "worker").Stdout.ShouldNotContain("Server.Start");
        RunCommand(trace, "--thread", "worker").Stdout.ShouldContain("Db.Connect");
        RunCommand(trace, "--thread", "7").Stdout.ShouldContain("Db.Connect");
        RunCommand(trace, "--thread", "#1").Stdout.ShouldContain("Db.Connect");
        RunCommand(trace, "--thread", "MAIN").Stdout.ShouldContain("Server.Start");
        RunCommand(trace, "--thread", "wor*").Stdout.ShouldNotContain("Server.Start");
        var both = RunCommand(trace, "--thread", "#0", "--thread", "worker").Stdout;
        both.ShouldContain("Server.Start");
        both.ShouldContain("Db.Connect");
    }

    [Test]
    public void Thread_that_matches_nothing_is_refused_listing_the_threads()
    {
        var trace = Save(TwoThreads());

        var result = RunCommand(trace, "--thread", "nope");

        result.ExitCode.ShouldBe(2);
        result.StderrLines.ShouldHaveSingleItem().ShouldBe($"gotrace-report: {trace}: no thread matches --thread 'nope' (threads: Main (thread 1, #0), worker (thread 7, #1))");
    }

    [Test]
    public void Focus_merges_the_subtrees_under_every_call_of_a_function()
    {
        var builder = NewTrace();
        builder.Thread(0, 1)
            .Enter(ProgramMain, 0)
            .Enter(ServerStart, 0).Enter(RouterInit, 0).Call(RouterAdd, 0, 10 * Ms).Exit(RouterInit, 30 * Ms).Exit(ServerStart, 40 * Ms)
            .Enter(DbConnect, 40 * Ms).Enter(RouterInit, 40 * Ms).Call(RouterAdd, 40 * Ms, 45 * Ms).Exit(RouterInit, 50 * Ms).Exit(DbConnect, 60 * Ms)
            .Exit(ProgramMain, 100 * Ms);

        var trace = Save(builder);
        var result = RunCommand(trace, "--focus", "Router.Init");

        result.StdoutLines.ShouldBe(new[]
        {
            "TOTAL: 100ms, 14 events  (calls of Router.Init and everything they call)",
            "Router.Init     40ms  40.0%  ×2",
            "└── Router.Add  15ms  15.0%  ×2",
        });
        foreach (var pattern in new[] { "App.Router.Init", "*.Init", "App.Rou?er.*", "Init", "router.init" })
        {
            RunCommand(trace, "--focus", pattern).StdoutLines[1..].ShouldBe(result.StdoutLines[1..], pattern);
        }
    }

    [Test]
    public void Focus_on_a_recursive_function_counts_the_outermost_calls()
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Enter(RouterInit, 0).Enter(RouterInit, 10).Call(RouterAdd, 20, 30).Exit(RouterInit, 40).Exit(RouterInit, 100);
        using var file = Open(builder);

        var tree = TreeViews.Focus(CallTree.Build(file), FunctionMatcher.Find("Router.Init", file.Functions)!);

        var root = tree.Roots.ShouldHaveSingleItem();
        (root.Calls, root.TotalTicks).ShouldBe((1L, 100L));
        root.Children.ShouldHaveSingleItem().Function.Name.ShouldBe("Router.Init");
    }

    /// <summary>Main → Start (1 ms), which starts Init on another thread (100 ms), and Connect (15 ms); 200 ms in all.</summary>
    private static TraceFileBuilder StartsWork()
    {
        var builder = NewTrace();
        builder.Thread(0, 1, "main")
            .Enter(ProgramMain, 0)
            .Enter(ServerStart, 1 * Ms).WorkEvent(WorkWhat.Spawn, 0x7, 1 * Ms + 500).Exit(ServerStart, 2 * Ms)
            .Call(DbConnect, 10 * Ms, 25 * Ms)
            .Exit(ProgramMain, 200 * Ms);
        builder.Thread(1, 5, "metrics").WorkEvent(WorkWhat.Begin, 0x7, 3 * Ms).Call(RouterInit, 3 * Ms, 103 * Ms).WorkEvent(WorkWhat.End, 0x7, 103 * Ms);
        return builder;
    }

    [TestCase("--min-duration", "50ms")]
    [TestCase("--min-percent", "10")]
    public void Pruning_keeps_a_short_call_whose_started_work_passes(string view, string limit)
    {
        var trace = Save(StartsWork());

        var result = RunCommand(trace, view, limit);

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.StdoutLines.Skip(1).ShouldBe(new[]
        {
            "Program.Main           200ms  100.0%",
            "└── Server.Start         1ms    0.5%",
            "    └── ⇢ Router.Init  100ms   50.0%  wait 2ms", // spawned at 1.0005 ms, begun at 3 ms
        });

        // The folded weights still add up to the whole trace's.
        Weights(RunCommand(trace, "--folded", view, limit).StdoutLines).ShouldBe(Weights(RunCommand(trace, "--folded").StdoutLines));
    }

    [Test]
    public void Siblings_and_roots_are_ordered_by_the_time_of_their_whole_subtree()
    {
        // An async root of 2 ms whose work runs 1 s after it returned comes before a 100 ms root.
        var builder = NewTrace();
        builder.Thread(0, 1, "main")
            .Enter(ServerStart, 0).WorkEvent(WorkWhat.Spawn, 0x8, Ms).Exit(ServerStart, 2 * Ms)
            .Call(DbConnect, 10 * Ms, 110 * Ms);
        builder.Thread(1, 5).WorkEvent(WorkWhat.Begin, 0x8, 200 * Ms).Call(RouterInit, 200 * Ms, 1200 * Ms).WorkEvent(WorkWhat.End, 0x8, 1200 * Ms);

        var result = RunCommand(Save(builder));

        result.StdoutLines.Skip(1).Select(l => l.Split("  ")[0]).ShouldBe(new[] { "Server.Start", "└── ⇢ Router.Init", "Db.Connect" });
        var html = RunCommand(Save(builder), "--html").Stdout;
        var nodes = html.Substring(html.IndexOf("\"nodes\"", StringComparison.Ordinal), 200);
        nodes.ShouldContain(",-1,2000000,0,1,1000000000,0]", customMessage: nodes); // Server.Start: its subtree time is its width (and it waited for nothing)
        nodes.ShouldContain(",1000000000,199000000]", customMessage: nodes); // Router.Init: spawned at 1 ms, begun at 200 ms
    }

    private static long Weights(string[] folded) => folded.Sum(l => long.Parse(l.Substring(l.LastIndexOf(' ') + 1), System.Globalization.CultureInfo.InvariantCulture));

    [Test]
    public void Callers_inverts_the_tree()
    {
        var builder = NewTrace();
        builder.Thread(0, 1)
            .Enter(ProgramMain, 0)
            .Enter(ServerStart, 0).Call(DbConnect, 0, 30 * Ms).Exit(ServerStart, 40 * Ms)
            .Enter(RouterInit, 40 * Ms).Call(DbConnect, 40 * Ms, 50 * Ms).Call(DbConnect, 50 * Ms, 60 * Ms).Exit(RouterInit, 70 * Ms)
            .Exit(ProgramMain, 100 * Ms);

        var result = RunCommand(Save(builder), "--callers", "Db.Connect");

        result.StdoutLines.ShouldBe(new[]
        {
            "TOTAL: 100ms, 12 events  (callers of Db.Connect)",
            "Db.Connect            50ms  50.0%  ×3",
            "├── Server.Start      30ms  30.0%",
            "│   └── Program.Main  30ms  30.0%",
            "└── Router.Init       20ms  20.0%  ×2",
            "    └── Program.Main  20ms  20.0%  ×2",
        });
    }

    [Test]
    public void Callers_leave_an_async_root_unmarked_as_the_tree_does()
    {
        // async Task Main: its caller (the compiler's <Main>) is not traced, so the async call is a root.
        var builder = NewTrace();
        builder.Thread(0, 1)
            .WorkEvent(WorkWhat.AsyncCall, 0x10, 0, ProgramMain).WorkEvent(WorkWhat.Begin, 0x10, 1)
            .Enter(ProgramMain, 2).Call(DbConnect, 10 * Ms, 20 * Ms).WorkEvent(WorkWhat.AsyncComplete, 0x10, 30 * Ms).Exit(ProgramMain, 31 * Ms)
            .WorkEvent(WorkWhat.End, 0x10, 32 * Ms);
        var trace = Save(builder);

        RunCommand(trace).StdoutLines[1].ShouldStartWith("Program.Main ");
        RunCommand(trace, "--callers", "Db.Connect").StdoutLines.ShouldContain(line => line.StartsWith("└── Program.Main ", StringComparison.Ordinal));
    }

    [Test]
    public void Callers_folded_weights_each_chain_by_its_time()
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Enter(ServerStart, 0).Call(DbConnect, 0, 30 * Ms).Exit(ServerStart, 40 * Ms).Call(DbConnect, 40 * Ms, 50 * Ms);

        var result = RunCommand(Save(builder), "--callers", "Db.Connect", "--folded");

        result.StdoutLines.ShouldBe(new[] { "App.Data.Db.Connect 10000", "App.Data.Db.Connect;App.Server.Start 30000" });
    }

    [Test]
    public void Unknown_function_for_focus_or_callers_is_refused()
    {
        var trace = Save(RendererTests.ServerTrace());

        var result = RunCommand(trace, "--focus", "Nope.Never");

        result.ExitCode.ShouldBe(2);
        result.StderrLines.ShouldHaveSingleItem().ShouldStartWith("gotrace-report: no function in the trace matches --focus 'Nope.Never'");
        RunCommand(trace, "--callers", "Zzz").ExitCode.ShouldBe(2);
    }

    [Test]
    public void Top_is_a_flat_profile_sorted_by_self_time()
    {
        var result = RunCommand(Save(RendererTests.ServerTrace()), "--top", "3");

        result.ExitCode.ShouldBe(0);
        result.StdoutLines.ShouldBe(new[]
        {
            "TOTAL: 2.31s, 2,428 events",
            " self  self%  total  total%  wait  calls  avg/call   min     p50     p90    p99    max  function",
            "1.12s  48.5%  1.12s   48.5%   0ns     12    93.3ms  90ms  90.2ms  90.2ms  130ms  130ms  Router.Init",
            "412ms  17.8%  412ms   17.8%   0ns      1     412ms                                      Db.Connect",
            "388ms  16.8%  1.92s   83.1%   0ns      1     1.92s                                      Server.Start",
        });
    }

    [Test]
    public void Top_counts_recursion_once_in_the_total()
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Enter(RouterInit, 0).Enter(RouterInit, 10).Call(RouterAdd, 20, 30).Exit(RouterInit, 40).Exit(RouterInit, 100);
        using var file = Open(builder);

        var init = FlatProfile.Of(CallTree.Build(file)).Functions.Single(f => f.Function.Name == "Router.Init");

        (init.Calls, init.TotalTicks, init.SelfTicks).ShouldBe((2L, 100L, 90L));
        init.AverageTicks.ShouldBe(50);
    }

    [Test]
    public void Top_as_json()
    {
        var result = RunCommand(Save(RendererTests.ServerTrace()), "--top", "1", "--json");

        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        var row = json.RootElement.EnumerateArray().Single();
        row.GetProperty("name").GetString().ShouldBe("App.Router.Init");
        row.GetProperty("self_ms").GetDouble().ShouldBe(1119.964);
        row.GetProperty("calls").GetInt64().ShouldBe(12);

        // Milliseconds with three decimals, like every other figure.
        row.GetProperty("avg_ms").GetRawText().ShouldBe("93.333");
    }

    [Test]
    public void Focus_then_top_profiles_the_focused_subtree()
    {
        var result = RunCommand(Save(RendererTests.ServerTrace()), "--focus", "Router.Init", "--top", "5");

        result.StdoutLines.Length.ShouldBe(4);
        result.StdoutLines[2].ShouldEndWith("Router.Init");
        result.StdoutLines[3].ShouldEndWith("Router.Add");
    }

    [Test]
    public void A_long_tree_on_a_terminal_leaves_out_its_smallest_rows_and_says_so()
    {
        // 3000 distinct call paths of 1 ns each beside one call taking nearly all the time.
        var functions = Enumerable.Range(0, 3000).Select(i => ("Gen", $"F{i}.Run")).ToArray();
        var builder = NewTrace().Module("Gen", 100, functions);
        var events = builder.Thread(0, 1).Enter(ProgramMain, 0);
        for (var i = 0; i < 3000; i++)
        {
            events.Call(100 + i, (i * 10) + 1, (i * 10) + 2);
        }

        events.Call(ServerStart, 40_000, 1_000_000).Exit(ProgramMain, 1_000_001);
        var trace = Save(builder);

        (string Stdout, string Stderr) Terminal(params string[] args)
        {
            var stdout = new System.IO.MemoryStream();
            var stderr = new System.IO.StringWriter { NewLine = "\n" };
            ReportCommand.Run(args, stdout, stderr, new ReportConsole(outputIsTerminal: true, errorIsTerminal: false)).ShouldBe(0);
            return (System.Text.Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
        }

        var (shown, notes) = Terminal(trace, "--color", "never");
        shown.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(3);
        notes.ShouldBe("gotrace-report: note: 3,000 of 3,002 rows are under 0.1% of the time and not shown on a terminal; --min-percent 0 shows them all (so does writing to a file or a pipe)\n");

        // Explicit views, and output that is not a terminal, are left as they are.
        Terminal(trace, "--color", "never", "--min-percent", "0").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(3003);
        Terminal(trace, "--color", "never", "--depth", "2").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(3003);
        var redirected = RunCommand(trace);
        redirected.StdoutLines.Length.ShouldBe(3003);
        redirected.Stderr.ShouldBeEmpty();
    }

    [Test]
    public void The_header_says_how_many_events_the_trace_holds()
    {
        var trace = Save(RendererTests.ServerTrace());

        RunCommand(trace).StdoutLines[0].ShouldBe("TOTAL: 2.31s, 2,428 events");
        RunCommand(trace, "--top", "1").StdoutLines[0].ShouldBe("TOTAL: 2.31s, 2,428 events");
        RunCommand(trace, "--focus", "Router.Init").StdoutLines[0].ShouldBe("TOTAL: 2.31s, 2,428 events  (calls of Router.Init and everything they call)");
    }

    [Test]
    public void Colour_only_when_asked_or_on_a_terminal()
    {
        var trace = Save(RendererTests.ServerTrace());

        RunCommand(trace).Stdout.ShouldNotContain("\u001b[");
        RunCommand(trace, "--color", "always").Stdout.ShouldContain("\u001b[");
        RunCommand(trace, "--color", "always", "--top", "2").Stdout.ShouldContain("\u001b[");

        var terminal = new System.IO.MemoryStream();
        ReportCommand.Run(new[] { trace }, terminal, System.IO.TextWriter.Null, new ReportConsole(outputIsTerminal: true, errorIsTerminal: false));
        var coloured = System.Text.Encoding.UTF8.GetString(terminal.ToArray());
        var noColor = System.Environment.GetEnvironmentVariable("NO_COLOR");
        if (string.IsNullOrEmpty(noColor) && System.Environment.GetEnvironmentVariable("TERM") != "dumb")
        {
            coloured.ShouldContain("\u001b[");
        }

        var redirected = new System.IO.MemoryStream();
        ReportCommand.Run(new[] { trace }, redirected, System.IO.TextWriter.Null, ReportConsole.Redirected);
        System.Text.Encoding.UTF8.GetString(redirected.ToArray()).ShouldNotContain("\u001b[");
    }

    [Test]
    public void Build_gives_the_same_tree_with_one_worker_or_several()
    {
        var builder = NewTrace();
        for (var t = 0; t < 5; t++)
        {
            var thread = builder.Thread(t, t + 1);
            for (var i = 0; i < 50; i++)
            {
                thread.Enter(ProgramMain, i * 100).Call(ServerStart + (i % 3), (i * 100) + 10, (i * 100) + 20 + t).Exit(ProgramMain, (i * 100) + 90);
            }
        }

        var bytes = builder.Build();
        using var file = TraceFile.Open(bytes);
        var render = (CallTree tree) =>
        {
            var writer = new System.IO.StringWriter();
            JsonRenderer.Render(tree, writer);
            return writer.ToString();
        };

        var sequential = render(BuildWith(file, 1));
        render(BuildWith(file, 2)).ShouldBe(sequential);
        render(BuildWith(file, 4)).ShouldBe(sequential);
    }

    internal static CallTree BuildWith(TraceFile file, int workers) =>
        (CallTree)typeof(CallTree).GetMethod("Build", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .Invoke(null, new object?[] { file, null, null, workers, false, true })!;

    internal static TraceFileBuilder TwoThreads()
    {
        var builder = NewTrace();
        builder.Thread(0, 1, "Main").Call(ServerStart, 0, 10 * Ms);
        builder.Thread(1, 7, "worker").Call(DbConnect, 0, 5 * Ms);
        builder.EndAt = 20 * Ms;
        return builder;
    }
}
