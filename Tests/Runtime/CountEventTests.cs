using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Runtime;

/// <summary>
/// Calls of tiny members are count events (docs/trace-format.md): a real woven program calls its getters millions
/// of times in the patterns that merge into one count word, into two, or not at all (across many chunk
/// boundaries), and the tree, JSON, --top and the event stream show every call, exactly.
/// </summary>
public class CountEventTests
{
    private const string Source = """
        using System.Runtime.CompilerServices;

        namespace Counts;

        public static class Program
        {
            public static int Main(string[] args)
            {
                var p = new Particle();
                long sum = 0;
                sum += Loops.Rotating(p, 400_000);
                sum += Loops.Merged(p, 1_200_000);
                sum += Loops.TakingTurns(p, 600_000);
                sum += Loops.Broken(p, 1_000);
                Console.WriteLine($"sum {sum}");
                return 0;
            }
        }

        public sealed class Particle
        {
            private int _a = 1;
            private int _b = 2;
            private int _c = 3;

            public int A => _a;

            public int B => _b;

            public int C => _c;
        }

        public static class Loops
        {
            // One getter again and again: one count word.
            public static long Merged(Particle p, int n)
            {
                long sum = 0;
                for (var i = 0; i < n; i++) sum += p.A;
                return sum;
            }

            // Two getters taking turns: two count words.
            public static long TakingTurns(Particle p, int n)
            {
                long sum = 0;
                for (var i = 0; i < n; i++) { sum += p.A; sum += p.B; }
                return sum;
            }

            // Three getters taking turns: a count word each call, over many chunks.
            public static long Rotating(Particle p, int n)
            {
                long sum = 0;
                for (var i = 0; i < n; i++) { sum += p.A; sum += p.B; sum += p.C; }
                return sum;
            }

            // A timed call between two counts: nothing merges.
            public static long Broken(Particle p, int n)
            {
                long sum = 0;
                for (var i = 0; i < n; i++) { sum += p.C; sum += Timed(i); }
                return sum;
            }

            [MethodImpl(MethodImplOptions.NoInlining)]
            public static int Timed(int i) => i & 1;
        }
        """;

    private const long Sum = (400_000L * 6) + 1_200_000L + (600_000L * 3) + (1_000L * 3) + 500;

    private static readonly Lazy<TracedProgram> Program = new(() => TracedProgram.Build("counts", Source, configuration: "Release"));

    [TestCase(null)]
    [TestCase("stopwatch")]
    public void Every_counted_call_is_in_the_tree_json_and_top_exactly(string? clock)
    {
        var trace = Run($"counts-{clock ?? "default"}.gotrace", new Dictionary<string, string?> { ["GOTRACE_CLOCK"] = clock });
        using var file = TraceFile.Open(trace);
        file.DroppedEvents.ShouldBe(0);
        if (clock != null)
        {
            file.ClockName.ShouldBe(clock);
        }

        var tree = CallTree.Build(file);
        Calls(tree, "Loops.Merged").ShouldBe("Particle.A.get ×1200000");
        Calls(tree, "Loops.TakingTurns").ShouldBe("Particle.A.get ×600000, Particle.B.get ×600000");
        Calls(tree, "Loops.Rotating").ShouldBe("Particle.A.get ×400000, Particle.B.get ×400000, Particle.C.get ×400000");
        Calls(tree, "Loops.Broken").ShouldBe("Loops.Timed ×1000, Particle.C.get ×1000");

        // A counted call lasts nothing: its time is its caller's.
        var merged = Node(tree, "Loops.Merged");
        merged.Children.Single().TotalTicks.ShouldBe(0);
        merged.SelfTicks.ShouldBe(merged.TotalTicks);
        Flatten(tree.Roots).ShouldAllBe(n => n.TotalTicks >= 0 && n.SelfTicks >= 0);

        // The words: one for the merged loop, two for the getters taking turns, one a call when three take turns
        // (so many that they cross chunk boundaries), one a call between timed calls.
        var counts = CountEventsUnder(file, "Counts.Loops.Merged");
        counts.ShouldBe(new[] { 1_200_000L });
        CountEventsUnder(file, "Counts.Loops.TakingTurns").ShouldBe(new[] { 600_000L, 600_000L });
        var rotating = CountEventsUnder(file, "Counts.Loops.Rotating");
        rotating.Count.ShouldBe(1_200_000);
        rotating.ShouldAllBe(c => c == 1);
        file.Threads.Max(t => t.ChunkCount).ShouldBeGreaterThan(10);
        CountEventsUnder(file, "Counts.Loops.Broken").Count.ShouldBe(1_000);

        // The header counts event records: a count word is one event however many calls it holds.
        file.EventsWritten.ShouldBe(file.Threads.Sum(t => (long)file.ReadEvents(t, withWork: true).Count()));

        var json = Report(trace, "--json");
        var mergedJson = JsonNodes(JsonDocument.Parse(json).RootElement).Single(n => n.GetProperty("name").GetString() == "Counts.Loops.Merged");
        var getter = mergedJson.GetProperty("children").EnumerateArray().Single();
        getter.GetProperty("name").GetString().ShouldBe("Counts.Particle.A.get");
        getter.GetProperty("calls").GetInt64().ShouldBe(1_200_000);

        var top = JsonDocument.Parse(Report(trace, "--top", "100", "--json")).RootElement.EnumerateArray()
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("calls").GetInt64());
        top["Counts.Particle.A.get"].ShouldBe(2_200_000);
        top["Counts.Particle.B.get"].ShouldBe(1_000_000);
        top["Counts.Particle.C.get"].ShouldBe(401_000);

        Report(trace).ShouldContain("×1200000");
        var folded = Report(trace, "--folded");
        folded.ShouldContain("Counts.Program.Main;Counts.Loops.Merged ");
        folded.ShouldNotContain("Particle.A.get"); // no time of its own: nothing to weigh in a flame graph
    }

    [Test]
    public void Ring_mode_keeps_the_latest_count_words_and_counts_what_it_overwrote()
    {
        var whole = Run("ring-whole.gotrace", new Dictionary<string, string?>());
        long allEvents;
        using (var file = TraceFile.Open(whole))
        {
            allEvents = file.EventsWritten;
        }

        var trace = Run("ring.gotrace", new Dictionary<string, string?> { ["GOTRACE_MAX_SIZE"] = "256K", ["GOTRACE_MODE"] = "ring" });
        using (var file = TraceFile.Open(trace))
        {
            new FileInfo(trace).Length.ShouldBeLessThanOrEqualTo(256 * 1024);
            file.DroppedEvents.ShouldBeGreaterThan(0);
            (file.EventsWritten + file.DroppedEvents).ShouldBe(allEvents);

            // The loops after the rotating one wrote a few words: the ring keeps them whole.
            var tree = CallTree.Build(file);
            Calls(tree, "Loops.Merged").ShouldBe("Particle.A.get ×1200000");
            Calls(tree, "Loops.TakingTurns").ShouldBe("Particle.A.get ×600000, Particle.B.get ×600000");
            Calls(tree, "Loops.Broken").ShouldBe("Loops.Timed ×1000, Particle.C.get ×1000");
        }

        Report(trace).ShouldContain("×1200000");
    }

    private static string Run(string name, Dictionary<string, string?> environment)
    {
        var trace = Path.Combine(Program.Value.Directory, name);
        environment["GOTRACE_OUTPUT"] = trace;
        var run = Program.Value.Run(Array.Empty<string>(), environment);
        run.ExitCode.ShouldBe(0, run.ToString());
        run.StdOut.ShouldBe($"sum {Sum}\n");
        return trace;
    }

    private static string Report(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        ReportCommand.Run(args, stdout, stderr).ShouldBe(0, stderr.ToString());
        return stdout.ToString();
    }

    /// <summary>The calls of each child of a function's node (there is one: each loop is called once): "A.get ×2, B.get ×1", by name.</summary>
    private static string Calls(CallTree tree, string function) =>
        string.Join(", ", Node(tree, function).Children.OrderBy(c => c.Function.Name, StringComparer.Ordinal).Select(c => $"{c.Function.Name} ×{c.Calls}"));

    private static CallNode Node(CallTree tree, string name) => Flatten(tree.Roots).Single(n => n.Function.Name == name);

    private static IEnumerable<CallNode> Flatten(IEnumerable<CallNode> nodes) => nodes.SelectMany(n => new[] { n }.Concat(Flatten(n.Children)));

    /// <summary>The calls of each count event made while <paramref name="function"/> was the innermost open call.</summary>
    private static List<long> CountEventsUnder(TraceFile file, string function)
    {
        var calls = new List<long>();
        foreach (var thread in file.Threads)
        {
            var open = new Stack<string>();
            foreach (var e in file.ReadEvents(thread))
            {
                switch (e.Kind)
                {
                    case TraceEventKind.Enter:
                        open.Push(file.Functions[e.FunctionId].BaseFullName);
                        break;
                    case TraceEventKind.Exit:
                        open.Pop();
                        break;
                    case TraceEventKind.Count when open.Count > 0 && open.Peek() == function:
                        calls.Add(e.Calls);
                        break;
                }
            }
        }

        return calls;
    }

    private static IEnumerable<JsonElement> JsonNodes(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            return element.EnumerateArray().SelectMany(JsonNodes);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return Enumerable.Empty<JsonElement>();
        }

        var children = element.TryGetProperty("children", out var list) ? JsonNodes(list) : Enumerable.Empty<JsonElement>();
        var roots = element.TryGetProperty("roots", out var rootList) ? JsonNodes(rootList) : Enumerable.Empty<JsonElement>();
        return new[] { element }.Concat(children).Concat(roots);
    }
}
