using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Async;

/// <summary>
/// 32 threads × 100,000 calls each, half of them async: every thread holds exactly the events its calls
/// make, and the logical tree puts every call where the program made it.
/// </summary>
[TestFixture]
public sealed class AsyncStressTests
{
    private const int Workers = 32;
    private const int Pairs = 50_000;

    private const string Source = """
        namespace AsyncStress;

        public static class Program
        {
            public static int Main()
            {
                Console.WriteLine(Stress.Run());
                return 0;
            }
        }

        public static class Stress
        {
            public static long Run()
            {
                Thread.CurrentThread.Name = "stress-main"; // after its first event: the record is written again
                var sums = new long[32];
                var threads = new Thread[32];
                for (var t = 0; t < threads.Length; t++)
                {
                    var slot = t;
                    threads[t] = new Thread(() => sums[slot] = Worker()) { Name = "worker" };
                    threads[t].Start();
                }

                foreach (var thread in threads) thread.Join();
                return sums.Sum();
            }

            public static long Worker()
            {
                long sum = 0;
                for (var i = 0; i < 50_000; i++)
                {
                    sum += Sync(i);
                    sum += Step(i).GetAwaiter().GetResult();
                }

                return sum + Yielding().GetAwaiter().GetResult();
            }

            public static int Sync(int i) => i & 1;

            /// <summary>Completes synchronously: its one run of MoveNext stays on the worker.</summary>
            public static async Task<int> Step(int i)
            {
                await Task.CompletedTask;
                return i & 1;
            }

            /// <summary>Resumes on the thread pool: its second run of MoveNext is on another thread.</summary>
            public static async Task<int> Yielding()
            {
                await Task.Yield();
                return 1;
            }
        }
        """;

    private TracedProgram _program = null!;
    private string _trace = string.Empty;

    [OneTimeSetUp]
    public void BuildAndRun()
    {
        _program = TracedProgram.Build("asyncstress", Source, configuration: "Release");
        _trace = Path.Combine(_program.Directory, "stress.gotrace");
        var run = _program.Run(Array.Empty<string>(), new Dictionary<string, string?> { ["GOTRACE_OUTPUT"] = _trace });
        run.ExitCode.ShouldBe(0, run.ToString());
        run.StdOut.ShouldBe($"{Workers * ((2L * (Pairs / 2)) + 1)}\n");
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(_program.Directory, recursive: true);

    [Test]
    public void Every_worker_thread_holds_exactly_the_events_of_its_calls()
    {
        using var file = TraceFile.Open(_trace);
        file.IsComplete.ShouldBeTrue();
        file.DroppedEvents.ShouldBe(0);
        var workers = file.ThreadsNamed("worker");
        workers.Count.ShouldBe(Workers);

        // begin + end of the spawned lambda; lambda and Worker enter + exit; per pair Sync's count event (a tiny member:
        // counted, one event; Step's events come between two of them) and Step's async call, begin, enter, exit,
        // complete, end; Yielding's first run: async call, begin, enter, exit, end.
        const int expected = 2 + 4 + (Pairs * (1 + 6)) + 5;
        foreach (var thread in workers)
        {
            file.ReadEvents(thread, withWork: true).Count().ShouldBe(expected, thread.ToString());
        }

        var all = file.Threads.Sum(t => (long)file.ReadEvents(t, withWork: true).Count());
        file.EventsWritten.ShouldBe(all);
    }

    [Test]
    public void Thread_named_after_its_first_event_is_reported_with_its_name()
    {
        using var file = TraceFile.Open(_trace);
        var main = file.ThreadsNamed("stress-main").ShouldHaveSingleItem();
        main.ManagedThreadId.ShouldBe(1);
        main.IsThreadPool.ShouldBeFalse();
        file.ThreadsNamed("worker").ShouldAllBe(t => t.OsThreadId > 0 && !t.IsThreadPool);
    }

    [Test]
    public void Logical_tree_puts_every_call_under_the_frame_that_made_it()
    {
        using var file = TraceFile.Open(_trace);
        var tree = CallTree.Build(file);
        tree.Roots.Select(r => r.Function.Name).ShouldBe(new[] { "Program.Main" });
        tree.UnfinishedCalls.ShouldBe(0);
        tree.IgnoredExits.ShouldBe(0);
        tree.ImplicitlyClosedCalls.ShouldBe(0);

        var run = tree.Roots[0].Children.Single();
        run.Function.Name.ShouldBe("Stress.Run");
        var lambda = run.Children.Single();
        lambda.Function.Name.ShouldBe("Stress.Run.lambda1");
        lambda.Kind.ShouldBe(CallKind.Spawned);
        lambda.Calls.ShouldBe(Workers);

        var worker = lambda.Children.Single();
        worker.Function.Name.ShouldBe("Stress.Worker");
        worker.Calls.ShouldBe(Workers);
        var children = worker.Children.ToDictionary(c => (c.Function.Name, c.Kind));
        children.Count.ShouldBe(3, string.Join(", ", worker.Children.Select(c => $"{c.Function.Name} ({c.Kind})")));
        children[("Stress.Sync", CallKind.Call)].Calls.ShouldBe(Workers * Pairs);
        children[("Stress.Step", CallKind.Async)].Calls.ShouldBe(Workers * Pairs);
        children[("Stress.Step", CallKind.Async)].Children.ShouldBeEmpty();
        var yielding = children[("Stress.Yielding", CallKind.Async)];
        yielding.Calls.ShouldBe(Workers);
        yielding.HasUnfinishedCalls.ShouldBeFalse();
    }
}
