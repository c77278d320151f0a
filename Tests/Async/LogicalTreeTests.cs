using System;
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
/// One logical call tree across awaits and threads: async methods appear once under their caller for their
/// whole duration, and work handed to other threads hangs under the frame that started it — in Debug
/// builds (class state machines) and Release builds (struct state machines).
/// </summary>
[TestFixture("Debug")]
[TestFixture("Release")]
public sealed class LogicalTreeTests
{
    private const string Source = """
        namespace Logical;

        public static class Program
        {
            public static int Main()
            {
                Scenarios.AwaitTwice();
                Scenarios.RunChild();
                Scenarios.Throwing();
                Scenarios.ThrowsBeforeAwait();
                Scenarios.NewThread();
                Scenarios.Pool();
                Scenarios.UnsafePool();
                Scenarios.ParallelFor();
                Scenarios.ParallelForEach();
                Scenarios.ParallelInvoke();
                Scenarios.TimerCallback();
                Scenarios.StartNew();
                Scenarios.NewTask();
                Scenarios.ConfigureAwaitFalse();
                Scenarios.AsyncVoid();
                Scenarios.Generic();
                Scenarios.AsyncLambda();
                Scenarios.AsyncLocalFunction();
                Scenarios.AsyncStream();
                Scenarios.Cancelled();
                Scenarios.SyncCompletion();
                Scenarios.ValueTasks();
                Scenarios.StoredDelegate();
                Console.WriteLine("done");
                return 0;
            }
        }

        public static class Scenarios
        {
            public static void Child() => Thread.Sleep(20);

            public static void AwaitTwice() => Outer().GetAwaiter().GetResult();

            public static async Task Outer() => await Inner();

            public static async Task<int> Inner()
            {
                await Task.Delay(100);
                await Task.Delay(100);
                return 1;
            }

            public static void RunChild() => Task.Run(() => Child()).Wait();

            public static void Throwing()
            {
                try { Throws().GetAwaiter().GetResult(); } catch (InvalidOperationException) { }
            }

            public static async Task Throws()
            {
                await Task.Delay(10);
                throw new InvalidOperationException("after await");
            }

            public static void ThrowsBeforeAwait()
            {
                try { ThrowsEarly(0).GetAwaiter().GetResult(); } catch (ArgumentException) { }
            }

            public static async Task ThrowsEarly(int x)
            {
                if (x == 0) throw new ArgumentException("before await");
                await Task.Delay(10);
            }

            public static void NewThread()
            {
                var thread = new Thread(Child);
                thread.Start();
                thread.Join();
            }

            public static void Pool()
            {
                using var done = new ManualResetEventSlim();
                ThreadPool.QueueUserWorkItem(_ => { Child(); done.Set(); });
                done.Wait();
            }

            public static void UnsafePool()
            {
                using var done = new ManualResetEventSlim();
                ThreadPool.UnsafeQueueUserWorkItem(_ => { Child(); done.Set(); }, null);
                done.Wait();
            }

            public static void ParallelFor() => Parallel.For(0, 4, _ => Child());

            public static void ParallelForEach() => Parallel.ForEach(new[] { 1, 2, 3 }, _ => Child());

            public static void ParallelInvoke() => Parallel.Invoke(Child, Child);

            public static void TimerCallback()
            {
                using var done = new ManualResetEventSlim();
                using var timer = new Timer(_ => { Child(); done.Set(); }, null, 10, Timeout.Infinite);
                done.Wait();
            }

            public static void StartNew() => Task.Factory.StartNew(Child).Wait();

            public static void NewTask()
            {
                var task = new Task(Child);
                task.Start();
                task.Wait();
            }

            public static void ConfigureAwaitFalse() => AwaitsElsewhere().GetAwaiter().GetResult();

            public static async Task AwaitsElsewhere()
            {
                await Task.Delay(10).ConfigureAwait(false);
                Child();
            }

            public static void AsyncVoid()
            {
                using var done = new ManualResetEventSlim();
                Fire(done);
                done.Wait();
            }

            public static async void Fire(ManualResetEventSlim done)
            {
                await Task.Delay(10);
                Child();
                done.Set();
            }

            public static void Generic() => new Box<int>().Get("x").GetAwaiter().GetResult();

            public static void AsyncLambda()
            {
                Func<Task> work = async () => { await Task.Delay(10); Child(); };
                work().GetAwaiter().GetResult();
            }

            public static void AsyncLocalFunction()
            {
                Local().GetAwaiter().GetResult();

                static async Task Local()
                {
                    await Task.Delay(10);
                    Child();
                }
            }

            public static void AsyncStream() => Sum().GetAwaiter().GetResult();

            public static async Task<int> Sum()
            {
                var sum = 0;
                await foreach (var x in Count()) sum += x;
                return sum;
            }

            public static async IAsyncEnumerable<int> Count()
            {
                for (var i = 0; i < 3; i++)
                {
                    await Task.Delay(5);
                    yield return i;
                }
            }

            public static void Cancelled()
            {
                using var source = new CancellationTokenSource(30);
                try { Cancellable(source.Token).GetAwaiter().GetResult(); } catch (OperationCanceledException) { }
            }

            public static async Task Cancellable(CancellationToken token) => await Task.Delay(10_000, token);

            public static void SyncCompletion() => Completed().GetAwaiter().GetResult();

            public static async Task<int> Completed()
            {
                await Task.CompletedTask;
                return 1;
            }

            public static void ValueTasks() => ValueTaskResult().GetAwaiter().GetResult();

            public static async ValueTask<int> ValueTaskResult()
            {
                await Task.Delay(10);
                return 2;
            }

            /// <summary>A delegate only stored, then run on this thread: not spawned work.</summary>
            public static void StoredDelegate()
            {
                Action stored = Child;
                stored();
            }
        }

        public sealed class Box<T>
        {
            public async Task<TOut> Get<TOut>(TOut value)
            {
                await Task.Delay(10);
                return value;
            }
        }
        """;

    private readonly string _configuration;
    private TracedProgram _program = null!;
    private string _trace = string.Empty;
    private CallTree _tree = null!;

    public LogicalTreeTests(string configuration) => _configuration = configuration;

    [OneTimeSetUp]
    public void BuildAndRun()
    {
        _program = TracedProgram.Build("logical" + _configuration.ToLowerInvariant(), Source, configuration: _configuration);
        _trace = Path.Combine(_program.Directory, "logical.gotrace");
        var run = _program.Run(new string[0], new Dictionary<string, string?> { ["GOTRACE_OUTPUT"] = _trace });
        run.ExitCode.ShouldBe(0, run.ToString());
        run.StdOut.ShouldBe("done\n");
        using var file = TraceFile.Open(_trace);
        _tree = CallTree.Build(file);
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(_program.Directory, recursive: true);

    [Test]
    public void Spawned_and_async_work_is_never_a_root()
    {
        _tree.Roots.Select(r => r.Function.Name).ShouldBe(new[] { "Program.Main" });
    }

    [Test]
    public void Async_method_awaiting_twice_is_one_call_under_its_caller_for_its_whole_duration()
    {
        var inner = Node("Scenarios.AwaitTwice", "Scenarios.Outer", "Scenarios.Inner");
        inner.Kind.ShouldBe(CallKind.Async);
        inner.Calls.ShouldBe(1);
        Milliseconds(inner).ShouldBeInRange(200, 300);
        Node("Scenarios.AwaitTwice", "Scenarios.Outer").Kind.ShouldBe(CallKind.Async);
    }

    [TestCase("Scenarios.RunChild", "Scenarios.RunChild.lambda1", "Scenarios.Child")]
    [TestCase("Scenarios.NewThread", "Scenarios.Child")]
    [TestCase("Scenarios.Pool", "Scenarios.Pool.lambda1", "Scenarios.Child")]
    [TestCase("Scenarios.UnsafePool", "Scenarios.UnsafePool.lambda1", "Scenarios.Child")]
    [TestCase("Scenarios.TimerCallback", "Scenarios.TimerCallback.lambda1", "Scenarios.Child")]
    [TestCase("Scenarios.StartNew", "Scenarios.Child")]
    [TestCase("Scenarios.NewTask", "Scenarios.Child")]
    public void Spawned_work_hangs_under_the_frame_that_started_it(string starter, params string[] path)
    {
        var spawned = Node(new[] { starter, path[0] });
        spawned.Kind.ShouldBe(CallKind.Spawned);
        Node(new[] { starter }.Concat(path).ToArray()).Calls.ShouldBe(1);
        Milliseconds(Node(new[] { starter }.Concat(path).ToArray())).ShouldBeGreaterThanOrEqualTo(19);
    }

    [TestCase("Scenarios.ParallelFor", "Scenarios.ParallelFor.lambda1", 4)]
    [TestCase("Scenarios.ParallelForEach", "Scenarios.ParallelForEach.lambda1", 3)]
    [TestCase("Scenarios.ParallelInvoke", "Scenarios.Child", 2)]
    public void Parallel_bodies_hang_under_the_frame_that_started_them(string starter, string body, int calls)
    {
        var node = Node(starter, body);
        node.Kind.ShouldBe(CallKind.Spawned);
        node.Calls.ShouldBe(calls);
    }

    [Test]
    public void Spawned_work_does_not_count_as_the_parents_self_time()
    {
        var starter = Node("Scenarios.ParallelFor");
        var spawnedTicks = starter.Children.Where(c => c.Kind == CallKind.Spawned).Sum(c => c.TotalTicks);
        spawnedTicks.ShouldBeGreaterThan(starter.TotalTicks / 2);
        starter.SelfTicks.ShouldBe(starter.TotalTicks - starter.Children.Where(c => c.Kind == CallKind.Call).Sum(c => c.TotalTicks));
    }

    [TestCase("Scenarios.Throwing", "Scenarios.Throws")]
    [TestCase("Scenarios.ThrowsBeforeAwait", "Scenarios.ThrowsEarly")]
    [TestCase("Scenarios.Cancelled", "Scenarios.Cancellable")]
    public void Async_call_that_throws_or_is_cancelled_still_ends(string caller, string method)
    {
        var node = Node(caller, method);
        node.Kind.ShouldBe(CallKind.Async);
        node.Calls.ShouldBe(1);
        node.HasUnfinishedCalls.ShouldBeFalse();
    }

    [TestCase("Scenarios.ConfigureAwaitFalse", "Scenarios.AwaitsElsewhere")]
    [TestCase("Scenarios.AsyncVoid", "Scenarios.Fire")]
    [TestCase("Scenarios.Generic", "Box<T>.Get<TOut>")]
    [TestCase("Scenarios.AsyncLambda", "Scenarios.AsyncLambda.lambda1")]
    [TestCase("Scenarios.AsyncLocalFunction", "Scenarios.AsyncLocalFunction.Local")]
    [TestCase("Scenarios.SyncCompletion", "Scenarios.Completed")]
    [TestCase("Scenarios.ValueTasks", "Scenarios.ValueTaskResult")]
    public void Every_shape_of_async_method_is_one_logical_call(string caller, string method)
    {
        var node = Node(caller, method);
        node.Kind.ShouldBe(CallKind.Async);
        node.Calls.ShouldBe(1);
        node.HasUnfinishedCalls.ShouldBeFalse();
    }

    [Test]
    public void Continuations_keep_their_callees_under_the_async_call()
    {
        Node("Scenarios.ConfigureAwaitFalse", "Scenarios.AwaitsElsewhere", "Scenarios.Child").Calls.ShouldBe(1);
        Node("Scenarios.AsyncVoid", "Scenarios.Fire", "Scenarios.Child").Calls.ShouldBe(1);
    }

    [Test]
    public void Async_iterator_is_one_logical_call_under_its_consumer()
    {
        var stream = Node("Scenarios.AsyncStream", "Scenarios.Sum", "Scenarios.Count");
        stream.Kind.ShouldBe(CallKind.Async);
        stream.Calls.ShouldBe(1);
    }

    [Test]
    public void Stored_delegate_run_in_place_is_an_ordinary_call()
    {
        Node("Scenarios.StoredDelegate", "Scenarios.Child").Kind.ShouldBe(CallKind.Call);
    }

    [Test]
    public void Tree_marks_concurrent_nodes_and_json_gives_their_kind()
    {
        var tree = Report("--full-names");
        tree.ShouldContain("⇢ Logical.Scenarios.RunChild.lambda1");
        tree.ShouldContain("⇢ Logical.Scenarios.Inner");

        using var json = JsonDocument.Parse(Report("--json"));
        var kinds = new List<string>();
        Collect(json.RootElement, kinds);
        kinds.ShouldContain("spawned");
        kinds.ShouldContain("async");
    }

    [Test]
    public void Folded_stacks_follow_the_logical_tree()
    {
        var folded = Report("--folded").Split('\n');
        folded.ShouldContain(l => l.StartsWith("Logical.Program.Main;Logical.Scenarios.RunChild;Logical.Scenarios.RunChild.lambda1;Logical.Scenarios.Child ", StringComparison.Ordinal));
    }

    [Test]
    public void Threads_flag_shows_one_tree_per_thread()
    {
        var perThread = Report("--threads");
        perThread.ShouldContain(".NET TP Worker");
        perThread.Split('\n').Count(l => l.StartsWith("Scenarios.Child ", StringComparison.Ordinal) || l.StartsWith("Scenarios.RunChild.lambda1 ", StringComparison.Ordinal)).ShouldBeGreaterThan(0);
    }

    private static void Collect(JsonElement element, List<string> kinds)
    {
        foreach (var node in element.EnumerateArray())
        {
            if (node.TryGetProperty("kind", out var kind))
            {
                kinds.Add(kind.GetString()!);
            }

            Collect(node.GetProperty("children"), kinds);
        }
    }

    private string Report(params string[] flags)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        ReportCommand.Run(new[] { _trace }.Concat(flags).ToArray(), stdout, stderr).ShouldBe(0, stderr.ToString());
        return stdout.ToString();
    }

    private CallNode Node(params string[] path)
    {
        var node = _tree.Roots.Single(r => r.Function.Name == "Program.Main");
        foreach (var name in path)
        {
            var next = node.Children.Where(c => c.Function.Name == name).ToList();
            next.Count.ShouldBe(1, $"{name} under {node.Function.Name}: children are {string.Join(", ", node.Children.Select(c => $"{c.Function.Name} ({c.Kind})"))}");
            node = next[0];
        }

        return node;
    }

    private double Milliseconds(CallNode node) => _tree.TicksToSeconds(node.TotalTicks) * 1000;
}
