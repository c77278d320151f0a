using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Async;

/// <summary>
/// Work and wait, on a real woven program (Debug and Release builds, both clocks): an async handler that awaits
/// <c>Task.Delay(100)</c> keeps its duration (call to completion) but its self time is only its runs on a thread;
/// the suspended time is its wait, shown in the tree, in <c>--top</c> (which ranks by self time) and in JSON. A
/// <c>Task.Run</c> queued behind busy pool threads shows how long it sat in the queue. Bounds are generous: the
/// machine may be loaded, so nothing here is a speed assertion.
/// </summary>
[TestFixture("Debug", null)]
[TestFixture("Release", null)]
[TestFixture("Debug", "stopwatch")]
[TestFixture("Release", "stopwatch")]
public sealed class WorkAndWaitTests
{
    private const string Source = """
        using System.Diagnostics;

        public static class Program
        {
            public static void Main()
            {
                // The first await of a delay compiles the timer and the async machinery: not the handler's work.
                WarmUp().GetAwaiter().GetResult();
                Handler().GetAwaiter().GetResult();
                Crunch(60);
                QueueBehindBusyPool();
                Console.WriteLine("done");
            }

            // Suspended at its await: nothing of it is on a thread for 100 ms.
            private static async Task Handler()
            {
                await Task.Delay(100);
                Finish();
            }

            private static void Finish() { }

            private static async Task WarmUp() => await Task.Delay(1);

            // Real work on the thread for 60 ms.
            private static long Crunch(int milliseconds)
            {
                var watch = Stopwatch.StartNew();
                long spins = 0;
                while (watch.ElapsedMilliseconds < milliseconds)
                {
                    spins++;
                }

                return spins;
            }

            // Every pool thread sleeps 150 ms, so the next item sits in the queue until one is free.
            private static void QueueBehindBusyPool()
            {
                ThreadPool.GetMinThreads(out var workers, out var io);
                ThreadPool.SetMaxThreads(workers, io);
                var blockers = new Task[workers];
                for (var i = 0; i < workers; i++)
                {
                    blockers[i] = Task.Run(() => Thread.Sleep(150));
                }

                using var done = new ManualResetEventSlim();
                Task.Run(() => { Queued(); done.Set(); });
                done.Wait();
                Task.WaitAll(blockers);
            }

            private static void Queued() { }
        }
        """;

    private static readonly ConcurrentDictionary<string, TracedProgram> Programs = new();

    private readonly string _configuration;
    private readonly string? _clock;
    private string _trace = string.Empty;
    private CallTree _tree = null!;

    public WorkAndWaitTests(string configuration, string? clock)
    {
        _configuration = configuration;
        _clock = clock;
    }

    [OneTimeSetUp]
    public void BuildAndRun()
    {
        var program = Programs.GetOrAdd(_configuration, c => TracedProgram.Build("workwait" + c, Source, configuration: c));
        _trace = Path.Combine(program.Directory, $"run-{_clock ?? "tsc"}.gotrace");
        var run = program.Run(Array.Empty<string>(), new Dictionary<string, string?> { ["GOTRACE_OUTPUT"] = _trace, ["GOTRACE_CLOCK"] = _clock });
        run.ExitCode.ShouldBe(0, run.ToString());
        run.StdOut.ShouldBe("done\n");
        using var file = TraceFile.Open(_trace);
        if (_clock != null)
        {
            file.ClockName.ShouldBe(_clock);
        }

        _tree = CallTree.Build(file);
    }

    [Test]
    public void An_await_of_a_delay_is_the_handlers_wait_not_its_self_time()
    {
        var handler = Handler(_tree);
        handler.Kind.ShouldBe(CallKind.Async);
        Ms(handler.TotalTicks).ShouldBeGreaterThanOrEqualTo(90, "its duration still runs from its call to its completion");
        Ms(handler.WaitTicks).ShouldBeGreaterThanOrEqualTo(90);
        Ms(handler.SelfTicks).ShouldBeLessThan(50, "only its runs of MoveNext were on a thread");
        (handler.SelfTicks + handler.WaitTicks).ShouldBeLessThanOrEqualTo(handler.TotalTicks);

        // What the user reads: the tree says how long it waited.
        var line = Report().Single(l => l.Contains("⇢ Program.Handler", StringComparison.Ordinal));
        line.ShouldContain(TreeRenderer.WaitMarker);
        Seconds(line.Substring(line.IndexOf(TreeRenderer.WaitMarker, StringComparison.Ordinal) + TreeRenderer.WaitMarker.Length)).ShouldBeGreaterThanOrEqualTo(0.090, line);

        // So does the tree of its callers, at its root.
        var callers = Report("--callers", "Program.Handler");
        var root = callers[1];
        root.ShouldStartWith("Program.Handler", Case.Sensitive, string.Join("\n", callers));
        Seconds(root.Substring(root.IndexOf(TreeRenderer.WaitMarker, StringComparison.Ordinal) + TreeRenderer.WaitMarker.Length)).ShouldBeGreaterThanOrEqualTo(0.090, root);
    }

    [Test]
    public void Top_ranks_real_work_above_an_await_and_shows_the_wait_beside_it()
    {
        var lines = Report("--top", "10");
        var header = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var waitColumn = Array.IndexOf(header, "wait");
        waitColumn.ShouldBeGreaterThan(0, lines[1]);
        var crunch = Array.FindIndex(lines, l => l.EndsWith(" Program.Crunch", StringComparison.Ordinal));
        var handler = Array.FindIndex(lines, l => l.EndsWith(" Program.Handler", StringComparison.Ordinal));
        crunch.ShouldBeGreaterThan(1, string.Join("\n", lines));
        handler.ShouldBeGreaterThan(crunch, string.Join("\n", lines));
        Seconds(lines[handler].Split(' ', StringSplitOptions.RemoveEmptyEntries)[waitColumn]).ShouldBeGreaterThanOrEqualTo(0.090, lines[handler]);
        Seconds(lines[crunch].Split(' ', StringSplitOptions.RemoveEmptyEntries)[waitColumn]).ShouldBe(0);

        // The same as JSON.
        using var top = JsonDocument.Parse(string.Join("\n", Report("--top", "10", "--json")));
        var rows = top.RootElement.EnumerateArray().ToList();
        var handlerRow = rows.Single(r => r.GetProperty("name").GetString() == "Program.Handler");
        handlerRow.GetProperty("wait_ms").GetDouble().ShouldBeGreaterThanOrEqualTo(90);
        handlerRow.GetProperty("self_ms").GetDouble().ShouldBeLessThan(50);
        rows.FindIndex(r => r.GetProperty("name").GetString() == "Program.Crunch")
            .ShouldBeLessThan(rows.FindIndex(r => r.GetProperty("name").GetString() == "Program.Handler"));
    }

    [Test]
    public void The_json_tree_gives_the_handlers_wait_ms_beside_its_self_ms()
    {
        using var json = JsonDocument.Parse(string.Join("\n", Report("--json")));
        var handler = Descendants(json.RootElement).Single(n => n.GetProperty("name").GetString() == "Program.Handler");
        handler.GetProperty("kind").GetString().ShouldBe("async");
        handler.GetProperty("duration_ms").GetDouble().ShouldBeGreaterThanOrEqualTo(90);
        handler.GetProperty("wait_ms").GetDouble().ShouldBeGreaterThanOrEqualTo(90);
        handler.GetProperty("self_ms").GetDouble().ShouldBeLessThan(50);

        // A plain call waits for nothing: it has no wait_ms.
        var crunch = Descendants(json.RootElement).Single(n => n.GetProperty("name").GetString() == "Program.Crunch");
        crunch.TryGetProperty("wait_ms", out _).ShouldBeFalse();
        crunch.GetProperty("self_ms").GetDouble().ShouldBeGreaterThanOrEqualTo(40);
    }

    [Test]
    public void A_task_run_queued_behind_busy_pool_threads_shows_its_queue_wait()
    {
        var queued = Spawned(_tree);
        queued.Kind.ShouldBe(CallKind.Spawned);
        Ms(queued.WaitTicks).ShouldBeGreaterThanOrEqualTo(50, "it sat in the queue until a sleeping pool thread was free");
        Ms(queued.TotalTicks).ShouldBeLessThan(50, "its duration is its run, not its time in the queue");

        var line = Report().Single(l => l.Contains("⇢ " + queued.Function.Name, StringComparison.Ordinal) && !l.Contains('×'));
        Seconds(line.Substring(line.IndexOf(TreeRenderer.WaitMarker, StringComparison.Ordinal) + TreeRenderer.WaitMarker.Length)).ShouldBeGreaterThanOrEqualTo(0.050, line);

        using var json = JsonDocument.Parse(string.Join("\n", Report("--json")));
        var node = Descendants(json.RootElement).Single(n => n.GetProperty("children").EnumerateArray().Any(c => c.GetProperty("name").GetString() == "Program.Queued"));
        node.GetProperty("kind").GetString().ShouldBe("spawned");
        node.GetProperty("wait_ms").GetDouble().ShouldBeGreaterThanOrEqualTo(50);
    }

    [Test]
    public void Folded_stacks_weigh_work_and_add_up_to_the_tree()
    {
        var folded = Report("--folded").Select(l => (Path: l[..l.LastIndexOf(' ')], Weight: long.Parse(l[(l.LastIndexOf(' ') + 1)..]))).ToList();
        var handler = folded.Where(f => f.Path.EndsWith(";Program.Handler", StringComparison.Ordinal)).Sum(f => f.Weight);
        handler.ShouldBeLessThan(50_000, "the handler's 100 ms await is not work");
        folded.Where(f => f.Path.EndsWith(";Program.Crunch", StringComparison.Ordinal)).Sum(f => f.Weight).ShouldBeGreaterThanOrEqualTo(40_000);

        // The weights add up to the roots' subtree times (work), each line rounded to whole microseconds.
        var roots = _tree.Roots.Sum(r => r.SubtreeTicks) / _tree.ClockFrequency * 1e6;
        ((double)folded.Sum(f => f.Weight)).ShouldBe(roots, folded.Count + 1);
    }

    [Test]
    public void Raw_times_keep_the_wait()
    {
        using var file = TraceFile.Open(_trace);
        file.Compensate = false;
        var raw = CallTree.Build(file);
        Ms(Handler(raw).WaitTicks).ShouldBeGreaterThanOrEqualTo(90);
        Ms(Handler(raw).SelfTicks).ShouldBeLessThan(50);
        Ms(Spawned(raw).WaitTicks).ShouldBeGreaterThanOrEqualTo(50);
        Report("--raw").Single(l => l.Contains("⇢ Program.Handler", StringComparison.Ordinal)).ShouldContain(TreeRenderer.WaitMarker);
    }

    [Test]
    public void The_html_report_carries_the_wait_of_the_handler()
    {
        var path = Path.Combine(Path.GetDirectoryName(_trace)!, $"report-{_clock ?? "tsc"}.html");
        Report("--html", "-o", path);
        var html = File.ReadAllText(path);
        var start = html.IndexOf("id=\"gotrace-data\">", StringComparison.Ordinal) + "id=\"gotrace-data\">".Length;
        using var data = JsonDocument.Parse(html[start..html.IndexOf("</script>", start, StringComparison.Ordinal)]);
        var names = data.RootElement.GetProperty("names").EnumerateArray().Select(n => n.GetString()).ToList();

        // Flame graph nodes [name, parent, total, self, calls, subtree, wait] and top rows [name, self, total, calls, wait], in ns.
        var node = data.RootElement.GetProperty("nodes").EnumerateArray().Single(n => names[n[0].GetInt32()] == "⇢ Program.Handler");
        node[6].GetDouble().ShouldBeGreaterThanOrEqualTo(90e6);
        node[3].GetDouble().ShouldBeLessThan(50e6);
        var row = data.RootElement.GetProperty("top").EnumerateArray().Single(r => names[r[0].GetInt32()] == "Program.Handler");
        row[4].GetDouble().ShouldBeGreaterThanOrEqualTo(90e6);
    }

    private static CallNode Handler(CallTree tree) => tree.AllNodes().Single(n => n.Function.Name == "Program.Handler");

    private static CallNode Spawned(CallTree tree) => tree.AllNodes().Single(n => n.Children.Any(c => c.Function.Name == "Program.Queued"));

    private double Ms(long ticks) => _tree.TicksToSeconds(ticks) * 1000;

    private string[] Report(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exit = ReportCommand.Run(new[] { _trace }.Concat(args).ToArray(), stdout, stderr);
        exit.ShouldBe(0, stderr.ToString());
        return stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static IEnumerable<JsonElement> Descendants(JsonElement array)
    {
        var pending = new Stack<JsonElement>(array.EnumerateArray());
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            yield return node;
            foreach (var child in node.GetProperty("children").EnumerateArray())
            {
                pending.Push(child);
            }
        }
    }

    /// <summary>A duration as the reporter writes it (<c>104ms</c>, <c>2.42ms</c>, <c>71.3µs</c>, <c>1.2s</c>, <c>0ns</c>) in seconds.</summary>
    private static double Seconds(string text)
    {
        var token = text.Trim().Split(' ')[0];
        var digits = token.TakeWhile(c => char.IsDigit(c) || c == '.').Count();
        var value = double.Parse(token[..digits], System.Globalization.CultureInfo.InvariantCulture);
        return token[digits..] switch
        {
            "s" => value,
            "ms" => value / 1e3,
            "µs" => value / 1e6,
            "ns" => value / 1e9,
            var unit => throw new FormatException($"unknown unit {unit} in {text}"),
        };
    }
}
