using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using Shouldly;
using Tests.Support;
using static Tests.Reporter.ChromeFlowTests;

namespace Tests.Reporter;

/// <summary>
/// The flows of a real woven program that spawns work (Task.Run, Parallel.For, a thread) and awaits across threads:
/// every flow pairs up, starts on the slice that started the work and ends on a run of it.
/// </summary>
[TestFixture]
public sealed class ChromeFlowRealTraceTests
{
    private const string Source = """
        namespace Flows;

        public static class Program
        {
            public static int Main()
            {
                Work.Run();
                Console.WriteLine("done");
                return 0;
            }
        }

        public static class Work
        {
            public static void Run()
            {
                Task.Run(Child).Wait();
                Parallel.For(0, 4, i => Child());
                var thread = new Thread(Child);
                thread.Start();
                thread.Join();
                Outer().GetAwaiter().GetResult();
            }

            public static void Child() => Thread.Sleep(5);

            public static async Task Outer()
            {
                await Inner();
            }

            /// <summary>Resumes on the thread pool twice.</summary>
            public static async Task Inner()
            {
                await Task.Delay(20);
                Child();
                await Task.Yield();
                Child();
            }
        }
        """;

    private TracedProgram _program = null!;
    private ChromeOutput _chrome = null!;

    [OneTimeSetUp]
    public void BuildRunAndReport()
    {
        _program = TracedProgram.Build("chromeflows", Source);
        var trace = Path.Combine(_program.Directory, "flows.gotrace");
        var run = _program.Run(Array.Empty<string>(), new Dictionary<string, string?> { ["GOTRACE_OUTPUT"] = trace });
        run.ExitCode.ShouldBe(0, run.ToString());
        run.StdOut.ShouldBe("done\n");

        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        GoTrace.Reporter.ReportCommand.Run(new[] { trace, "--chrome" }, stdout, stderr).ShouldBe(0, stderr.ToString());
        _chrome = new ChromeOutput(stdout.ToString());
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(_program.Directory, recursive: true);

    [Test]
    public void Every_flow_pairs_up_and_binds_to_a_slice_at_both_ends()
    {
        ShouldPairUp(_chrome).ShouldNotBeEmpty();
    }

    [Test]
    public void Spawned_work_links_the_starting_slice_to_each_run()
    {
        var spawns = Flows("spawn");
        spawns.Select(f => f.From).Distinct().ShouldBe(new[] { "Work.Run" });

        // Task.Run and the thread run Child itself; Parallel.For runs its lambda four times.
        spawns.Select(f => f.To).OrderBy(n => n).ShouldBe(new[] { "Work.Child", "Work.Child", "Work.Run.lambda1", "Work.Run.lambda1", "Work.Run.lambda1", "Work.Run.lambda1" });
        spawns.Select(f => f.Flow.Finish.Tid).Distinct().Count().ShouldBeGreaterThan(1);
    }

    [Test]
    public void Async_calls_link_the_caller_to_each_resumption()
    {
        // Inner resumes twice (after the delay and the yield), Outer once (after Inner completed).
        Flows("await").Select(f => (f.From, f.To)).OrderBy(p => p.To).ShouldBe(new[] { ("Work.Outer", "Work.Inner"), ("Work.Outer", "Work.Inner"), ("Work.Run", "Work.Outer") });
        Flows("await").ShouldContain(f => f.Flow.Finish.Tid != f.Flow.Start.Tid);
    }

    [Test]
    public void Each_async_call_spans_from_the_call_to_its_completion()
    {
        var spans = _chrome.Events.Where(e => e.Ph is "b" or "e").GroupBy(e => e.Id).ToList();
        spans.Select(s => s.First().Name).OrderBy(n => n).ShouldBe(new[] { "Work.Inner", "Work.Outer" });
        foreach (var span in spans)
        {
            span.Select(e => e.Ph).ShouldBe(new[] { "b", "e" });
            span.ShouldAllBe(e => e.Cat == "async");
            (span.Last().Ts - span.First().Ts).ShouldBeGreaterThanOrEqualTo(20_000); // µs: Inner's delay
        }
    }

    private List<(Flow Flow, string From, string To)> Flows(string name) =>
        ShouldPairUp(_chrome).Where(f => f.Start.Name == name).Select(f => (f, _chrome.Bound(f.Start)!.Name, _chrome.Bound(f.Finish)!.Name)).ToList();
}
