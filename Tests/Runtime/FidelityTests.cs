using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Runtime;

/// <summary>
/// Does the woven program's tree tell the truth about the untraced one? The four phases of the fidelity program
/// (benchmarks/Workload/FidelityPhases.cs, the benchmark's <c>-- fidelity</c> mode runs them too) built twice into
/// one woven program, a copy under [NoTrace]: each phase's untraced time measured with Stopwatch in the same run,
/// and compared with its share of the compensated tree.
/// </summary>
public class FidelityTests
{
    private const int Rounds = 5;
    private static readonly string[] Phases = { "TinyMembers", "CallFreeLoop", "SmallWork", "AsyncPhase" };

    private const string Source = """
        using System.Diagnostics;
        using System.Globalization;
        using Plain = GoTrace.Benchmarks.Plain.FidelityPhases;
        using Traced = GoTrace.Benchmarks.Traced.FidelityPhases;

        Plain.Warm();
        Traced.Warm();
        var untraced = new List<double>[4] { new(), new(), new(), new() };
        for (var round = 0; round < 5; round++)
        {
            untraced[0].Add(Time(() => Plain.TinyMembers(100)));
            untraced[1].Add(Time(() => Plain.CallFreeLoop(100)));
            untraced[2].Add(Time(() => Plain.SmallWork(100)));
            untraced[3].Add(Time(() => Plain.AsyncPhase(100).GetAwaiter().GetResult()));
            Traced.TinyMembers(100);
            Traced.CallFreeLoop(100);
            Traced.SmallWork(100);
            Traced.AsyncPhase(100).GetAwaiter().GetResult();
        }

        foreach (var times in untraced)
        {
            Console.WriteLine(string.Join(" ", times.Select(t => t.ToString("R", CultureInfo.InvariantCulture))));
        }

        static double Time(Action phase)
        {
            var watch = Stopwatch.StartNew();
            phase();
            return watch.Elapsed.TotalMilliseconds;
        }
        """;

    private static readonly Lazy<TracedProgram> Program = new(() =>
    {
        var phases = File.ReadAllText(RepoPaths.InRepo("benchmarks", "Workload", "FidelityPhases.cs"));
        return TracedProgram.Build("fidelity", Source, configuration: "Release", otherFiles: new Dictionary<string, string>
        {
            ["Plain.cs"] = "#define NOTRACE_PLAIN\n" + phases,
            ["Traced.cs"] = "#define TRACED\n" + phases,
        });
    });

    [TestCase(null)]
    [TestCase("stopwatch")]
    public void Each_phase_takes_its_untraced_share_of_the_compensated_tree(string? clock)
    {
        var trace = Path.Combine(Program.Value.Directory, $"fidelity-{clock ?? "default"}.gotrace");
        var run = Program.Value.Run(new string[0], new Dictionary<string, string?> { ["GOTRACE_OUTPUT"] = trace, ["GOTRACE_CLOCK"] = clock });
        run.ExitCode.ShouldBe(0, run.ToString());
        var untracedMs = run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => Median(line.Split(' ').Select(t => double.Parse(t, CultureInfo.InvariantCulture))))
            .ToArray();

        using var file = TraceFile.Open(trace);
        var tree = CallTree.Build(file);
        var treeMs = Phases.Select(p => MedianCallMs(tree, p)).ToArray();
        file.Compensate = false;
        var raw = CallTree.Build(file);
        var rawMs = Phases.Select(p => MedianCallMs(raw, p)).ToArray();

        var untracedShares = Shares(untracedMs);
        var treeShares = Shares(treeMs);
        var rawShares = Shares(rawMs);
        var table = string.Join("\n", Phases.Select((p, i) => string.Create(CultureInfo.InvariantCulture,
            $"{p}: untraced {untracedMs[i]:F1} ms ({untracedShares[i]:F1}%), tree {treeMs[i]:F1} ms ({treeShares[i]:F1}%), raw {rawMs[i]:F1} ms ({rawShares[i]:F1}%)")));
        TestContext.Out.WriteLine(table);

        // Every tiny member's calls, exactly: two getters per iteration, counted in place.
        var tiny = Phase(tree, "TinyMembers");
        tiny.Calls.ShouldBe(Rounds);
        tiny.Children.Single(c => c.Function.Name == "Particle.Moving.get").Calls.ShouldBe(2_000_000L * Rounds);
        tiny.Children.Single(c => c.Function.Name == "Particle.Position.get").Calls.ShouldBe(2_000_000L * Rounds);
        Phase(tree, "SmallWork").Children.Single().Calls.ShouldBe(20_000L * Rounds);

        for (var i = 0; i < Phases.Length; i++)
        {
            treeShares[i].ShouldBe(untracedShares[i], 5.0, table);
        }
    }

    /// <summary>A phase's node: a call of the program's Main (the warm-up calls are under Warm).</summary>
    private static CallNode Phase(CallTree tree, string phase) =>
        tree.Roots.Single(r => r.Function.Name == "Program.Main").Children.Single(c => c.Function.Name == "FidelityPhases." + phase);

    /// <summary>The median of a phase's calls, in milliseconds (a round the machine took the core from is left out).</summary>
    private static double MedianCallMs(CallTree tree, string phase)
    {
        var node = Phase(tree, phase);
        return tree.TicksToSeconds(CallDurations.Of(node)?.Quantile(0.5) ?? node.TotalTicks) * 1000;
    }

    private static double[] Shares(double[] values) => values.Select(v => 100 * v / values.Sum()).ToArray();

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[sorted.Length / 2];
    }
}
