using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using GoTrace.Reporter;
using PlainPhases = GoTrace.Benchmarks.Plain.FidelityPhases;
using TracedPhases = GoTrace.Benchmarks.Traced.FidelityPhases;

namespace GoTrace.Benchmarks;

/// <summary>
/// <c>-- fidelity</c>: does the woven program's call tree tell the truth about the untraced one? Runs the four
/// phases of <see cref="PlainPhases"/> untraced and woven in one process, each one call timed with Stopwatch,
/// then reads the trace this process is writing and compares each phase's share of the four in the compensated
/// tree with its untraced share. Ends with the fidelity: line.
/// </summary>
public static class FidelityMode
{
    private const int Rounds = 5;

    public static int Run(string[] args)
    {
        var directory = Environment.GetEnvironmentVariable("GOTRACE_BENCH_DIR") ?? Path.GetTempPath();
        var trace = Path.Combine(directory, $"gotrace-fidelity-{Environment.ProcessId}.gotrace");
        Environment.SetEnvironmentVariable("GOTRACE_OUTPUT", trace);
        Environment.SetEnvironmentVariable("GOTRACE_MAX_SIZE", "4G");
        Environment.SetEnvironmentVariable("GOTRACE_QUIET", "1");
        try
        {
            return Measure(trace);
        }
        finally
        {
            File.Delete(trace);
        }
    }

    private static int Measure(string trace)
    {
        PlainPhases.Warm();
        TracedPhases.Warm();
        var names = new[] { "TinyMembers", "CallFreeLoop", "SmallWork", "AsyncPhase" };
        var plain = new List<double[]>();
        var traced = new List<double[]>();
        for (var round = 0; round < Rounds; round++)
        {
            plain.Add(new[]
            {
                Time(() => PlainPhases.TinyMembers(100)), Time(() => PlainPhases.CallFreeLoop(100)),
                Time(() => PlainPhases.SmallWork(100)), Time(() => PlainPhases.AsyncPhase(100).GetAwaiter().GetResult()),
            });
            traced.Add(new[]
            {
                Time(() => TracedPhases.TinyMembers(100)), Time(() => TracedPhases.CallFreeLoop(100)),
                Time(() => TracedPhases.SmallWork(100)), Time(() => TracedPhases.AsyncPhase(100).GetAwaiter().GetResult()),
            });
        }

        // Per phase, the median of its rounds (a round the machine took the core away from is left out), untraced,
        // woven, and in the tree (the median of the phase's calls).
        var plainMs = Enumerable.Range(0, 4).Select(p => Median(plain.Select(r => r[p]))).ToArray();
        var tracedMs = Enumerable.Range(0, 4).Select(p => Median(traced.Select(r => r[p]))).ToArray();

        using var file = TraceFile.Open(trace);
        var tree = CallTree.Build(file);
        var treeMs = names.Select(n => MedianCallMs(tree, n)).ToArray();
        file.Compensate = false;
        var raw = CallTree.Build(file);
        var rawMs = names.Select(n => MedianCallMs(raw, n)).ToArray();

        var plainShares = Shares(plainMs);
        var treeShares = Shares(treeMs);
        var rawShares = Shares(rawMs);
        Console.WriteLine("| phase | untraced ms | woven ms | tree ms, compensated | tree ms, raw | untraced share | tree share, compensated | tree share, raw |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        for (var p = 0; p < 4; p++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {names[p]} | {plainMs[p]:F1} | {tracedMs[p]:F1} | {treeMs[p]:F1} | {rawMs[p]:F1} | {plainShares[p]:F1}% | {treeShares[p]:F1}% | {rawShares[p]:F1}% |"));
        }

        foreach (var child in raw.Roots.Where(r => r.Function.Name == "FidelityPhases.TinyMembers").SelectMany(r => r.Children))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw {child.Function.Name}: {raw.TicksToSeconds(child.TotalTicks) * 1e9 / child.Calls:F1} ns per call between its clock reads"));
        }

        var counts = new[] { "Particle.Moving.get", "Particle.Position.get" }
            .Select(name => tree.Roots.Where(r => r.Function.Name == "FidelityPhases.TinyMembers")
                .SelectMany(r => r.Children).Where(c => c.Function.Name == name).Sum(c => c.Calls))
            .ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tiny member calls: Moving.get {counts[0]:N0}, Position.get {counts[1]:N0} (expected {(long)PlainPhases.TinyCalls * Rounds:N0} each)"));

        var maxError = Enumerable.Range(0, 4).Max(p => Math.Abs(treeShares[p] - plainShares[p]));
        var maxRawError = Enumerable.Range(0, 4).Max(p => Math.Abs(rawShares[p] - plainShares[p]));
        var slowdown = tracedMs.Sum() / plainMs.Sum();
        var countedNs = (tracedMs[0] - plainMs[0]) * 1e6 / (2.0 * PlainPhases.TinyCalls);
        var cost = file.TracerCost;
        double Ns(double? ticks) => (ticks ?? double.NaN) / file.ClockFrequency * 1e9;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"calibration ({file.ClockName}): timed call {Ns(cost?.TimedCall):F1} ns ({Ns(cost?.TimedInside):F1} between its clock reads), counted call {Ns(cost?.CountedCall):F1} ns ({Ns(cost?.CountedInside):F1}; {Ns(cost?.CountedMergedOrCall):F1} added to a count word), work event {Ns(cost?.WorkEvent):F1} ns"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw (--raw) max_share_error_pp={maxRawError:F1}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fidelity: max_share_error_pp={maxError:F1} slowdown={slowdown:F2} counted_call_ns={countedNs:F1} compensation_ns_per_call={tree.TracerNanosPerCall ?? 0:F1}"));
        return 0;
    }

    private static CallNode? Root(CallTree tree, string phase) =>
        tree.Roots.FirstOrDefault(r => r.Function.Name == "FidelityPhases." + phase);

    /// <summary>The median of a root phase's calls in the tree, in milliseconds.</summary>
    private static double MedianCallMs(CallTree tree, string phase) =>
        Root(tree, phase) is { } node
            ? tree.TicksToSeconds(CallDurations.Of(node)?.Quantile(0.5) ?? node.TotalTicks) * 1000
            : double.NaN;

    private static double[] Shares(double[] values) => values.Select(v => 100 * v / values.Sum()).ToArray();

    private static double Time(Action phase)
    {
        var watch = Stopwatch.StartNew();
        phase();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
