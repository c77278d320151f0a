using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Reporter;
using Tests.Support;

namespace Tests.Otlp;

/// <summary>
/// <c>gotrace-report &lt;trace&gt; --otlp</c> into a real backend: a woven sample program is traced, its trace
/// exported to the Aspire dashboard (OTLP/HTTP and OTLP/gRPC), and what the dashboard received is read back
/// through its telemetry API and compared with the trace's own call tree.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class OtlpDashboardTests
{
    private const string Sample = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        namespace OtlpSample;

        public static class Program
        {
            public static async Task Main()
            {
                Thread.CurrentThread.Name = "main";
                Work.Run();
                await Work.RunAsync();
                Console.WriteLine("done");
            }
        }

        public static class Work
        {
            public static void Run() => Outer();

            public static void Inner() => Thread.Sleep(3);

            public static async Task RunAsync()
            {
                await Task.Delay(20);
                Spawn();
                await LoadAsync();
            }

            private static void Outer()
            {
                Thread.Sleep(5);
                Inner();
                var sum = 0;
                for (var i = 0; i < 1000; i++)
                {
                    sum += Small(i);
                }

                GC.KeepAlive(sum);
            }

            private static int Small(int i)
            {
                var s = 0;
                for (var k = 0; k < 8; k++)
                {
                    s += k ^ i;
                }

                return s;
            }

            private static void Spawn() => Task.Run(() => { Thread.Sleep(4); Small(1); }).Wait();

            private static async Task LoadAsync()
            {
                await Task.Delay(10);
                Inner();
            }
        }
        """;

    private AspireDashboard _dashboard = null!;
    private string _directory = string.Empty;
    private string _trace = string.Empty;
    private int _pid;

    [OneTimeSetUp]
    public void TraceTheSampleAndStartTheDashboard()
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            Assert.Ignore("the dashboard of the Aspire.Dashboard.Sdk.linux-x64 package runs on linux-x64 only");
        }

        _directory = RepoPaths.NewTempDirectory("gotrace-otlp");
        var program = TracedProgram.Build("OtlpSample", Sample);
        _trace = Path.Combine(_directory, "sample.gotrace");
        var run = program.Run(Array.Empty<string>(), new Dictionary<string, string?> { ["GOTRACE_OUTPUT"] = _trace, ["GOTRACE_QUIET"] = "1" });
        run.ExitCode.ShouldBe(0, run.ToString());
        RepoPaths.DeleteDirectories(program.Directory);
        using (var file = TraceFile.Open(_trace))
        {
            _pid = file.ProcessId;
        }

        _dashboard = AspireDashboard.Start();
    }

    [OneTimeTearDown]
    public void StopTheDashboard()
    {
        _dashboard?.Dispose();
        RepoPaths.DeleteDirectories(_directory);
    }

    [Test]
    public void Every_call_becomes_one_span_when_nothing_is_below_the_threshold()
    {
        var spans = Export("otlp-all", "--min-duration", "0");

        // The call tree counts each call once (an async call from its call to its completion): as many spans.
        var json = new StringWriter();
        ReportCommand.Run(new[] { _trace, "--json" }, json, new StringWriter()).ShouldBe(0); // the document alone, without the notes
        var calls = Nodes(JsonDocument.Parse(json.ToString()).RootElement).Sum(n => n.GetProperty("calls").GetInt64());
        spans.Count.ShouldBe((int)calls, Describe(spans));
        spans.Count(s => s.Name == "Work.Small").ShouldBe(1001);
        spans.Select(s => s.TraceId).Distinct().Count().ShouldBe(1, "one root call, one trace");
    }

    [Test]
    public void Spans_nest_as_the_logical_tree_does()
    {
        var spans = Export("otlp-tree");
        var root = spans.Single(s => s.ParentSpanId.Length == 0);
        root.Name.ShouldBe("Program.Main");
        root["gotrace.kind"].ShouldBeNull("a root is never marked");
        spans.ShouldAllBe(s => s.TraceId == root.TraceId);

        ChildrenOf(spans, root).ShouldBe(new[] { "Work.Run", "Work.RunAsync" }, ignoreOrder: true);
        ChildrenOf(spans, Single(spans, "Work.Run")).ShouldBe(new[] { "Work.Outer" });
        ChildrenOf(spans, Single(spans, "Work.Outer")).ShouldContain("Work.Inner");
        ChildrenOf(spans, Single(spans, "Work.RunAsync")).ShouldBe(new[] { "Work.Spawn", "Work.LoadAsync" }, ignoreOrder: true);
        ChildrenOf(spans, Single(spans, "Work.Spawn")).ShouldBe(new[] { "Work.Spawn.lambda1" });
        ChildrenOf(spans, Single(spans, "Work.LoadAsync")).ShouldContain("Work.Inner");

        // Children start within their parents; synchronous ones end within them too.
        foreach (var span in spans.Where(s => s.ParentSpanId.Length > 0))
        {
            var parent = spans.Single(s => s.SpanId == span.ParentSpanId);
            span.StartUnixNanos.ShouldBeGreaterThanOrEqualTo(parent.StartUnixNanos, span.ToString());
            if (span["gotrace.kind"] == null)
            {
                span.EndUnixNanos.ShouldBeLessThanOrEqualTo(parent.EndUnixNanos, span.ToString());
            }
        }
    }

    [Test]
    public void Async_calls_and_spawned_work_are_marked()
    {
        var spans = Export("otlp-kinds");
        Single(spans, "Work.RunAsync")["gotrace.kind"].ShouldBe("async");
        Single(spans, "Work.LoadAsync")["gotrace.kind"].ShouldBe("async");
        var lambda = Single(spans, "Work.Spawn.lambda1");
        lambda["gotrace.kind"].ShouldBe("spawned");

        // An async call lasts from its call to the completion of its task: the awaited delays are inside.
        Duration(Single(spans, "Work.LoadAsync")).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(10));
        Duration(Single(spans, "Work.RunAsync")).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(30));
    }

    [Test]
    public void Spans_carry_code_thread_and_resource_attributes()
    {
        var spans = Export("otlp-attributes");
        var outer = Single(spans, "Work.Outer");
        outer["code.function.name"].ShouldBe("OtlpSample.Work.Outer");
        Path.GetFileName(outer["code.file.path"]).ShouldBe("Program.cs");
        int.Parse(outer["code.line.number"]!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        outer["thread.name"].ShouldBe("main");
        outer["thread.id"].ShouldNotBeNullOrEmpty();
        // Its sleeps take 8 ms by the system clock; the trace's clock is the time-stamp counter, whose frequency is
        // calibrated against the system clock over the run: a short run may be off by a few tenths of a percent
        // (a CI run measured 7.9899 ms).
        Duration(outer).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(8 * 0.99));

        // The 1000 short calls are not sent, but counted in the span of their caller.
        spans.ShouldNotContain(s => s.Name == "Work.Small" && Duration(s) < TimeSpan.FromMilliseconds(1));
        long.Parse(outer["gotrace.hidden_calls"]!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(990);
        outer["gotrace.hidden_children"]!.ShouldMatch(@"OtlpSample\.Work\.Small \d{3,4} calls \d");

        outer.Resource["service.name"].ShouldBe("otlp-attributes");
        outer.Resource["process.pid"].ShouldBe(_pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        outer.Resource["host.name"].ShouldBe(Environment.MachineName);
    }

    [Test]
    public void The_threshold_keeps_exactly_the_calls_that_last_long_enough_under_their_nearest_kept_caller()
    {
        var all = Export("otlp-threshold-all", "--min-duration", "0");
        var kept = Export("otlp-threshold-2ms", "--min-duration", "2ms");

        static bool Long(ReceivedSpan s) => s.EndUnixNanos - s.StartUnixNanos >= 2_000_000;
        kept.Count.ShouldBe(all.Count(Long), Describe(kept));
        var byId = all.ToDictionary(s => s.SpanId);
        string Kept(ReceivedSpan s) => s.Name + "@" + s.StartUnixNanos;
        string? NearestKeptAncestor(ReceivedSpan s)
        {
            for (var at = s; byId.TryGetValue(at.ParentSpanId, out var parent); at = parent)
            {
                if (Long(parent))
                {
                    return Kept(parent);
                }
            }

            return null;
        }

        var keptById = kept.ToDictionary(s => s.SpanId);
        var expected = all.Where(Long).Select(s => (Kept(s), NearestKeptAncestor(s))).OrderBy(p => p.Item1).ToList();
        var actual = kept.Select(s => (Kept(s), keptById.TryGetValue(s.ParentSpanId, out var p) ? Kept(p) : null)).OrderBy(p => p.Item1).ToList();
        actual.ShouldBe(expected);
    }

    [Test]
    public void Grpc_endpoints_get_the_same_spans()
    {
        var http = Export("otlp-over-http");
        var grpc = Export("otlp-over-grpc", "--otlp-protocol", "grpc");
        grpc.Select(s => s.Name).OrderBy(n => n).ShouldBe(http.Select(s => s.Name).OrderBy(n => n));
    }

    [Test]
    public void A_trace_without_activities_gets_a_trace_of_its_own_per_root_call()
    {
        // Two threads, each with a root. The worker (the first thread of the file, and the first to run) runs
        // work that main, starting later, spawns: the export sees the spawn before the run whatever the order.
        var builder = new TraceFileBuilder()
            .Process("roots", "roots")
            .Module("Roots", 1, ("Roots", "Program.Main"), ("Roots", "Worker.Loop"), ("Roots", "Job.Step"), ("Roots", "Job.Run"));
        builder.Thread(0, 7, "worker");
        builder.Thread(1, 1, "main");
        builder.Events(0)
            .Enter(2, 0)
            .Call(3, 600_000, 3_000_000)
            .WorkEvent(WorkWhat.Begin, 42, 6_000_000)
            .Call(4, 6_100_000, 9_000_000)
            .WorkEvent(WorkWhat.End, 42, 9_100_000)
            .Exit(2, 30_000_000);
        builder.Events(1)
            .Enter(1, 500_000)
            .WorkEvent(WorkWhat.Spawn, 42, 1_000_000)
            .Call(3, 2_000_000, 5_000_000)
            .Exit(1, 20_500_000);
        var trace = builder.Save(Path.Combine(_directory, "roots.gotrace"));
        Report(trace, "--otlp", _dashboard.OtlpHttpUrl, "--service-name", "otlp-roots");

        var spans = _dashboard.SpansOf("otlp-roots", atLeast: 5);
        spans.Count.ShouldBe(5, Describe(spans));
        var main = Single(spans, "Program.Main");
        var loop = Single(spans, "Worker.Loop");
        main.ParentSpanId.ShouldBeEmpty();
        loop.ParentSpanId.ShouldBeEmpty();
        main.TraceId.ShouldNotBe(loop.TraceId);
        var run = Single(spans, "Job.Run");
        run.TraceId.ShouldBe(main.TraceId, "spawned work belongs to the trace of the call that started it");
        run.ParentSpanId.ShouldBe(main.SpanId);
        run["gotrace.kind"].ShouldBe("spawned");
        spans.Where(s => s.Name == "Job.Step").Select(s => s.ParentSpanId).ShouldBe(new[] { main.SpanId, loop.SpanId }, ignoreOrder: true);

        // Times are the trace's: its wall-clock start plus the clock's ticks since.
        main.StartUnixNanos.ShouldBe(builder.StartUnixNanos + 500_000);
        main.EndUnixNanos.ShouldBe(builder.StartUnixNanos + 20_500_000);
    }

    [Test]
    public void Async_calls_and_spawns_started_inside_a_recorded_activity_join_its_trace_under_its_span()
    {
        const string TraceA = "0af7651916cd43dd8448eb211c80319c";
        const string SpanA = "b7ad6b7169203331";
        const string TraceB = "4bf92f3577b34da6a3ce929d0e0e4736";
        const string SpanB = "00f067aa0ba902b7";
        const long ActivityA = (1L << 32) | 1, ActivityB = (1L << 32) | 2, NoActivity = 1;
        var builder = new TraceFileBuilder { Version = 2 }
            .Process("stitch", "stitch")
            .Module("Stitch", 1, ("Stitch", "Program.Main"), ("Stitch", "Api.HandleAsync"), ("Stitch", "Api.Load"), ("Stitch", "Job.Run"))
            .Activity(ActivityA, TraceA, SpanA)
            .Activity(ActivityB, TraceB, SpanB);

        // Main (no activity) makes an async call inside activity A, which spawns work (still A); then spawns inside
        // B, then with no activity current.
        builder.Thread(0, 1, "main")
            .Enter(1, 500_000)
            .WorkEvent(WorkWhat.Activity, ActivityA, 1_000_000)
            .WorkEvent(WorkWhat.AsyncCall, 100, 1_000_000, functionId: 2)
            .WorkEvent(WorkWhat.Begin, 100, 1_000_000)
            .Enter(2, 1_000_000)
            .Call(3, 2_000_000, 5_000_000)
            .WorkEvent(WorkWhat.Spawn, 200, 5_500_000)
            .WorkEvent(WorkWhat.AsyncComplete, 100, 8_000_000)
            .Exit(2, 8_000_000)
            .WorkEvent(WorkWhat.End, 100, 8_000_000)
            .WorkEvent(WorkWhat.Activity, ActivityB, 9_000_000)
            .WorkEvent(WorkWhat.Spawn, 300, 9_000_000)
            .WorkEvent(WorkWhat.Activity, NoActivity, 10_000_000)
            .WorkEvent(WorkWhat.Spawn, 400, 10_000_000)
            .Exit(1, 30_000_000);
        builder.Thread(1, 7, "worker")
            .WorkEvent(WorkWhat.Begin, 200, 6_000_000).Call(4, 6_100_000, 7_000_000).WorkEvent(WorkWhat.End, 200, 7_100_000)
            .WorkEvent(WorkWhat.Begin, 300, 11_000_000).Call(4, 11_100_000, 13_000_000).WorkEvent(WorkWhat.End, 300, 13_100_000)
            .WorkEvent(WorkWhat.Begin, 400, 14_000_000).Call(4, 14_100_000, 16_000_000).WorkEvent(WorkWhat.End, 400, 16_100_000);
        var trace = builder.Save(Path.Combine(_directory, "stitch.gotrace"));
        var output = Report(trace, "--otlp", _dashboard.OtlpHttpUrl, "--service-name", "otlp-stitch", "--min-duration", "0");
        output.ShouldContain("sent 6 spans in 3 traces");

        var spans = _dashboard.SpansOf("otlp-stitch", atLeast: 6);
        spans.Count.ShouldBe(6, Describe(spans));
        var main = Single(spans, "Program.Main");
        main.ParentSpanId.ShouldBeEmpty("no activity: a trace of its own");
        var handle = Single(spans, "Api.HandleAsync");
        handle.TraceId.ShouldBe(TraceA);
        handle.ParentSpanId.ShouldBe(SpanA);
        handle["gotrace.kind"].ShouldBe("async");
        Single(spans, "Api.Load").ParentSpanId.ShouldBe(handle.SpanId);

        var runs = spans.Where(s => s.Name == "Job.Run").OrderBy(s => s.StartUnixNanos).ToList();
        runs.ShouldAllBe(s => s["gotrace.kind"] == "spawned");
        (runs[0].TraceId, runs[0].ParentSpanId).ShouldBe((TraceA, handle.SpanId), "spawned inside the same activity as its starter: under the starter");
        (runs[1].TraceId, runs[1].ParentSpanId).ShouldBe((TraceB, SpanB), "spawned inside activity B: under B's span");
        (runs[2].TraceId, runs[2].ParentSpanId).ShouldBe((main.TraceId, main.SpanId), "spawned with no activity current: under its starter");
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement roots)
    {
        foreach (var node in roots.EnumerateArray())
        {
            yield return node;
            foreach (var child in Nodes(node.GetProperty("children")))
            {
                yield return child;
            }
        }
    }

    private static ReceivedSpan Single(List<ReceivedSpan> spans, string name)
    {
        var matching = spans.Where(s => s.Name == name).ToList();
        matching.Count.ShouldBe(1, $"{name} in {Describe(spans)}");
        return matching[0];
    }

    private static List<string> ChildrenOf(List<ReceivedSpan> spans, ReceivedSpan parent) =>
        spans.Where(s => s.ParentSpanId == parent.SpanId).OrderBy(s => s.StartUnixNanos).Select(s => s.Name).ToList();

    private static TimeSpan Duration(ReceivedSpan span) => TimeSpan.FromTicks((span.EndUnixNanos - span.StartUnixNanos) / 100);

    private static string Describe(List<ReceivedSpan> spans) =>
        string.Join(", ", spans.Where(s => s.Name != "Work.Small").Select(s => $"{s.Name} {Duration(s).TotalMilliseconds:F2}ms"));

    private static string Report(string trace, params string[] options)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = ReportCommand.Run(new[] { trace }.Concat(options).ToArray(), stdout, stderr);
        exit.ShouldBe(0, stderr.ToString());
        return stdout.ToString() + stderr;
    }

    /// <summary>Exports the sample's trace under its own service name; returns what the dashboard got.</summary>
    private List<ReceivedSpan> Export(string serviceName, params string[] options)
    {
        var endpoint = options.Contains("grpc") ? _dashboard.OtlpGrpcUrl : _dashboard.OtlpHttpUrl;
        var output = Report(_trace, new[] { "--otlp", endpoint, "--service-name", serviceName }.Concat(options).ToArray());
        var sent = int.Parse(System.Text.RegularExpressions.Regex.Match(output, @"sent ([\d,]+) span").Groups[1].Value.Replace(",", string.Empty), System.Globalization.CultureInfo.InvariantCulture);
        var spans = _dashboard.SpansOf(serviceName, sent);
        spans.Count.ShouldBe(sent, output);
        return spans;
    }
}
