using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Cli;

/// <summary>
/// A real reactive library woven from NuGet: an app over System.Reactive (ObserveOn the task pool, Buffer, Throttle
/// on the default scheduler's timers, a self-rescheduling EventLoopScheduler, a Task turned observable (Rx continues
/// it with ContinueWith), ObserveOn a SynchronizationContext (Post)), published, woven with
/// <c>gotrace weave --include '[RxApp]*|[System.Reactive]*'</c> and run. Rx schedules its work through Task
/// continuations, the thread pool, timers and threads of its own: every piece of it must hang under the frame that
/// scheduled it.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class ReactiveLibraryTests
{
    /// <summary>The deepest the logical tree of this workload may go: the EventLoop's 100 self-rescheduled steps fold into few levels.</summary>
    const int DepthBound = 200;

    const string ProgramSource = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Reactive.Concurrency;
        using System.Reactive.Linq;
        using System.Reactive.Subjects;
        using System.Reactive.Threading.Tasks;
        using System.Threading;

        namespace RxApp;

        public static class Program
        {
            public static int Main()
            {
                Console.WriteLine("observe-on: " + ObserveOnPool());
                Console.WriteLine("buffer: " + Buffers());
                Console.WriteLine("throttle: " + Throttled());
                Console.WriteLine("event-loop: " + EventLoop());
                Console.WriteLine("task: " + FromTask());
                Console.WriteLine("context: " + OnContext());
                return 0;
            }

            static int FromTask()
            {
                int result = 0;
                using var done = new ManualResetEventSlim();
                using var subscription = System.Threading.Tasks.Task.Run(() => 21).ToObservable().Select(Double)
                    .Subscribe(x => result = x, () => done.Set());
                done.Wait();
                return result;
            }

            static int Double(int x) => x * 2;

            static int OnContext()
            {
                // The base SynchronizationContext posts each item to the pool on its own, so items
                // run concurrently and completion can overtake them: add atomically, wait for all ten.
                int sum = 0;
                using var done = new CountdownEvent(10);
                using var subscription = Observable.Range(1, 10).ObserveOn(new SynchronizationContext())
                    .Subscribe(x => { Interlocked.Add(ref sum, x); done.Signal(); });
                done.Wait();
                return sum;
            }

            static long ObserveOnPool()
            {
                long sum = 0;
                using var done = new ManualResetEventSlim();
                using var subscription = Observable.Range(1, 2000)
                    .ObserveOn(TaskPoolScheduler.Default)
                    .Select(Square)
                    .Subscribe(x => sum += x, () => done.Set());
                done.Wait();
                return sum;
            }

            static long Square(int x) => (long)x * x;

            static string Buffers()
            {
                var sums = new List<int>();
                using var subject = new Subject<int>();
                using var subscription = subject.Buffer(10).Subscribe(batch => sums.Add(batch.Sum()));
                for (int i = 0; i < 50; i++) subject.OnNext(i);
                subject.OnCompleted();
                return string.Join(",", sums);
            }

            static string Throttled()
            {
                var kept = new List<int>();
                using var done = new ManualResetEventSlim();
                using var subject = new Subject<int>();
                using var subscription = subject.Throttle(TimeSpan.FromMilliseconds(50))
                    .Subscribe(x => { lock (kept) kept.Add(x); }, () => done.Set());
                for (int burst = 0; burst < 3; burst++)
                {
                    for (int i = 0; i < 5; i++) subject.OnNext(burst * 10 + i);
                    Thread.Sleep(300);
                }

                subject.OnCompleted();
                done.Wait();
                // How many bursts stay apart depends on the machine's load; the last value always comes through.
                lock (kept) return "last " + kept[kept.Count - 1];
            }

            static int EventLoop()
            {
                using var loop = new EventLoopScheduler();
                using var done = new ManualResetEventSlim();
                int steps = 0;
                loop.Schedule(100, (remaining, self) =>
                {
                    Interlocked.Increment(ref steps);
                    if (remaining > 1) self(remaining - 1);
                    else done.Set();
                });
                done.Wait();
                return steps;
            }
        }
        """;

    string _root = "";
    ProcessResult _untraced = null!;
    ProcessResult _woven = null!;
    string _trace = "";
    CallTree _tree = null!;

    [OneTimeSetUp]
    public void PublishWeaveAndRun()
    {
        _root = RepoPaths.NewTempDirectory("gotrace-rx");
        var publish = PublishedApp.Publish(_root, "RxApp", "System.Reactive", "6.1.0", ProgramSource);
        _untraced = ProcessRunner.Dotnet(new[] { Path.Combine(publish, "RxApp.dll") }, _root);

        var woven = Path.Combine(_root, "woven");
        var weave = Gotrace.Run(new[] { "weave", publish, "-o", woven, "--include", "[RxApp]*|[System.Reactive]*" }, _root);
        weave.ExitCode.ShouldBe(0, weave.ToString());
        _trace = Path.Combine(_root, "rx.gotrace");
        _woven = ProcessRunner.Dotnet(new[] { Path.Combine(woven, "RxApp.dll") }, _root,
            new Dictionary<string, string?> { ["GOTRACE_OUTPUT"] = _trace, ["GOTRACE_QUIET"] = "1" });
        using var file = TraceFile.Open(_trace);
        _tree = CallTree.Build(file);
    }

    [OneTimeTearDown]
    public void Delete() => RepoPaths.DeleteDirectories(_root);

    [Test]
    public void Woven_app_prints_what_the_untraced_one_prints()
    {
        _untraced.ExitCode.ShouldBe(0, _untraced.ToString());
        _untraced.StdOut.ShouldBe("observe-on: 2668667000\nbuffer: 45,145,245,345,445\nthrottle: last 24\nevent-loop: 100\ntask: 42\ncontext: 55\n");
        _woven.ExitCode.ShouldBe(0, _woven.ToString());
        _woven.StdOut.ShouldBe(_untraced.StdOut);
    }

    [Test]
    public void No_work_a_woven_frame_scheduled_is_a_root()
    {
        _tree.Roots.Select(r => r.Function.FullName).ShouldBe(new[] { "RxApp.Program.Main" });
        using var file = TraceFile.Open(_trace);
        file.Functions.Count(f => f.AssemblyName == "System.Reactive").ShouldBeGreaterThan(1000);
    }

    [TestCase("Program.ObserveOnPool", "Program.Square", 2000, 2000)]
    [TestCase("Program.ObserveOnPool", "Program.ObserveOnPool.lambda1", 2000, 2000)]
    [TestCase("Program.Buffers", "Program.Buffers.lambda1", 5, 5)]
    [TestCase("Program.Throttled", "Program.Throttled.lambda1", 1, 3)]
    [TestCase("Program.EventLoop", "Program.EventLoop.lambda1", 100, 100)]
    [TestCase("Program.FromTask", "Program.Double", 1, 1)]
    [TestCase("Program.OnContext", "Program.OnContext.lambda1", 10, 10)]
    public void Each_callback_runs_under_the_scenario_that_scheduled_it(string scenario, string callback, int fewest, int most)
    {
        var node = _tree.Roots.Single().Children.Single(c => c.Function.Name == scenario);
        node.Descendants().Where(n => n.Function.Name == callback).Sum(n => n.Calls).ShouldBeInRange(fewest, most);
    }

    [Test]
    public void The_logical_tree_stays_shallow() => _tree.Depth().ShouldBeLessThan(DepthBound);

    [Test]
    public void Top_never_shows_more_self_time_than_total_time()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        ReportCommand.Run(new[] { _trace, "--json", "--top", "100000" }, stdout, stderr).ShouldBe(0, stderr.ToString());
        using var rows = JsonDocument.Parse(stdout.ToString());
        var wrong = rows.RootElement.EnumerateArray()
            .Where(row => row.GetProperty("self_ms").GetDouble() > row.GetProperty("total_ms").GetDouble())
            .Select(row => row.GetProperty("name").GetString()).ToList();
        rows.RootElement.GetArrayLength().ShouldBeGreaterThan(100);
        wrong.ShouldBeEmpty();
    }
}
