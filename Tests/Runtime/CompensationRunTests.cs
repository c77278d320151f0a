using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Runtime;

/// <summary>
/// The tracer times its own calls in the traced process and the reporter takes that cost out: real woven
/// programs, Debug and Release, with the time-stamp counter and with Stopwatch.
/// </summary>
public class CompensationRunTests
{
    private const string Source = """
        using System.Runtime.CompilerServices;

        long total = 0;
        for (var i = 0; i < 200_000; i++)
        {
            total += Calls.Leaf(i);
        }

        total += Calls.Loop();
        Console.WriteLine(total);

        static class Calls
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            public static long Leaf(int i) => (i * 7) & 3;

            public static long Loop()
            {
                long sum = 0;
                for (var i = 0; i < 5_000_000; i++)
                {
                    sum += i ^ (sum >> 3);
                }

                return sum;
            }
        }
        """;

    private static readonly ConcurrentDictionary<string, TracedProgram> Programs = new();

    [TestCase("Debug", null)]
    [TestCase("Release", null)]
    [TestCase("Debug", "stopwatch")]
    [TestCase("Release", "stopwatch")]
    public void The_trace_records_the_tracers_cost_and_the_tree_leaves_it_out(string configuration, string? clock)
    {
        var program = Programs.GetOrAdd(configuration, c => TracedProgram.Build("compensation" + c, Source, configuration: c));
        var trace = Path.Combine(program.Directory, $"run-{clock ?? "default"}.gotrace");
        var run = program.Run(new string[0], new Dictionary<string, string?> { ["GOTRACE_OUTPUT"] = trace, ["GOTRACE_CLOCK"] = clock });
        run.ExitCode.ShouldBe(0, run.ToString());

        using var file = TraceFile.Open(trace);
        if (clock != null)
        {
            file.ClockName.ShouldBe(clock);
        }

        var cost = file.TracerCost.ShouldNotBeNull();
        var nanos = 1e9 / file.ClockFrequency;
        (cost.TimedCall * nanos).ShouldBeInRange(1, 5000, $"{cost}");
        (cost.CountedCall * nanos).ShouldBeInRange(0, 5000, $"{cost}");
        cost.TimedInside.ShouldBeLessThanOrEqualTo(cost.TimedCall);

        var tree = CallTree.Build(file);
        file.Compensate = false;
        var raw = CallTree.Build(file);

        var leaf = Node(tree, "Calls.Leaf");
        var rawLeaf = Node(raw, "Calls.Leaf");
        leaf.Calls.ShouldBe(200_000);
        leaf.TotalTicks.ShouldBeLessThan(rawLeaf.TotalTicks);
        Flatten(tree.Roots).ShouldAllBe(n => n.TotalTicks >= 0 && n.SelfTicks >= 0);
        FlatProfile.Of(tree).Functions.ShouldAllBe(f => f.SelfTicks >= 0 && f.SelfTicks <= f.TotalTicks);
        tree.TracerNanosPerCall.ShouldNotBeNull().ShouldBe(cost.TimedCall * nanos, 1e-6);
        tree.Notes.ShouldContain(n => n.StartsWith("times leave out the tracer's own cost, measured by the traced process: "));

        // The loop makes no calls: only its own enter and exit are the tracer's.
        var loop = Node(tree, "Calls.Loop");
        (Node(raw, "Calls.Loop").TotalTicks - loop.TotalTicks).ShouldBeLessThanOrEqualTo((long)cost.TimedCall + 1);
    }

    private static CallNode Node(CallTree tree, string name) => Flatten(tree.Roots).Single(n => n.Function.Name == name);

    private static IEnumerable<CallNode> Flatten(IEnumerable<CallNode> nodes) => nodes.SelectMany(n => new[] { n }.Concat(Flatten(n.Children)));
}
