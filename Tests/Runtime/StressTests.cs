using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Runtime;

/// <summary>32 threads tracing at once, mixing sync and async calls: every event lands, per thread, in order.</summary>
[TestFixture]
public sealed class StressTests
{
    private const int Threads = 32;
    private const int CallsPerThread = 100_000;

    private const string Source = """
        namespace Stress;

        public static class Program
        {
            public static int Main()
            {
                var threads = Enumerable.Range(0, 32).Select(i => new Thread(Worker.Run) { Name = "stress-" + i }).ToList();
                threads.ForEach(t => t.Start());
                threads.ForEach(t => t.Join());
                Console.WriteLine($"total {Worker.Total}");
                return 0;
            }
        }

        public static class Worker
        {
            public static long Total;

            // 1 Run + 49,999 Sync + 49,999 Async (each async call completes synchronously: one MoveNext) + 1 Last = 100,000 calls.
            public static void Run()
            {
                long sum = 0;
                for (var i = 0; i < 49_999; i++)
                {
                    sum += Sync(i);
                    sum += Async(i).GetAwaiter().GetResult();
                }

                Last();
                Interlocked.Add(ref Total, sum);
            }

            public static int Sync(int i) => i & 7;

            public static async ValueTask<int> Async(int i)
            {
                await Task.CompletedTask;
                return i & 3;
            }

            public static void Last() { }
        }
        """;

    [Test]
    public void Every_thread_holds_exactly_its_calls_in_order()
    {
        var program = TracedProgram.Build("stress", Source);
        try
        {
            var trace = Path.Combine(program.Directory, "stress.gotrace");
            var run = program.Run(new string[0], new Dictionary<string, string?> { ["GOTRACE_OUTPUT"] = trace });
            run.ExitCode.ShouldBe(0, run.ToString());

            using var file = TraceFile.Open(trace);
            file.IsComplete.ShouldBeTrue();
            file.DroppedEvents.ShouldBe(0);
            var workers = file.Threads.Where(t => t.Name.StartsWith("stress-", System.StringComparison.Ordinal)).ToList();
            workers.Count.ShouldBe(Threads);
            foreach (var thread in workers)
            {
                var calls = file.BalancedCalls(thread);
                calls.Values.Sum().ShouldBe(CallsPerThread, thread.Name);
                calls["Stress.Worker.Run"].ShouldBe(1);
                calls["Stress.Worker.Sync"].ShouldBe(49_999);
                calls["Stress.Worker.Async"].ShouldBe(49_999);
                calls["Stress.Worker.Last"].ShouldBe(1);
            }

            // Sync and Last are counted: a count event each (an async call comes between two Syncs, so none merge);
            // every other call an enter and an exit.
            var events = workers.Sum(t => file.ReadEvents(t).Count());
            var countEvents = workers.Sum(t => file.ReadEvents(t).Count(e => e.Kind == TraceEventKind.Count));
            countEvents.ShouldBe(Threads * 50_000);
            events.ShouldBe(countEvents + (2 * Threads * (CallsPerThread - 50_000)));
            file.EventsWritten.ShouldBeGreaterThanOrEqualTo(events);
        }
        finally
        {
            Directory.Delete(program.Directory, recursive: true);
        }
    }
}
