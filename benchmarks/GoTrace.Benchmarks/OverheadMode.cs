using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using GoTrace.Reporter;
using PlainWorkload = GoTrace.Benchmarks.Plain.Workload;
using TracedWorkload = GoTrace.Benchmarks.Traced.Workload;

namespace GoTrace.Benchmarks;

/// <summary>
/// <c>-- overhead</c>: the cost per call of an empty non-inlined method untraced, timed by hand with
/// Stopwatch.GetTimestamp (what MethodTimer.Fody does), and woven by GoTrace writing a real trace file,
/// measured side by side in one run (rounds interleaved, medians quoted); then two threads tracing at
/// once against one, whole programs woven against unwoven, and what the hardware's clock costs by itself
/// (<see cref="ClockFloor"/>), and what async calls and spawn sites cost with the current Activity recorded
/// (<see cref="WorkSiteCosts"/>). Ends with a floor: line and the overhead: summary line.
/// </summary>
public static class OverheadMode
{
    private const int CallsPerRound = 2_000_000;
    private const int Rounds = 15;

    private static long _sink;

    public static int Run(string[] args)
    {
        var trace = Path.Combine(Path.GetTempPath(), $"gotrace-overhead-{Environment.ProcessId}.gotrace");
        Environment.SetEnvironmentVariable("GOTRACE_OUTPUT", trace);
        Environment.SetEnvironmentVariable("GOTRACE_MAX_SIZE", "8G");
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
        Warm();
        var untraced = new List<double>();
        var stopwatch = new List<double>();
        var traced = new List<double>();
        var tracedCalls = 0L;
        for (var round = 0; round < Rounds; round++)
        {
            untraced.Add(NanosPerCall(MeasuredLoops.Untraced));
            stopwatch.Add(NanosPerCall(CallStopwatchTimed));
            traced.Add(NanosPerCall(MeasuredLoops.Traced));
            tracedCalls += CallsPerRound;
        }

        tracedCalls += 3 * 100_000; // warm-up
        var (dataBytes, slotBytes) = TraceBytes(trace);
        var bytesPerCall = dataBytes / (double)tracedCalls;

        double one, two;
        using (var pair = new ScalingMode.WorkerPair())
        {
            var (_, alone, together) = pair.Measure(CallsPerRound, 5, new (string, Action<int>)[] { ("traced", MeasuredLoops.Traced) })[0];
            (one, two) = (alone, together);
        }

        var floor = ClockFloor.Measure();

        var (fibPlain, fibTraced) = Compare(() => PlainWorkload.Fib(27), () => TracedWorkload.Fib(27));
        var (smallPlain, smallTraced) = Compare(() => PlainWorkload.SmallMethods(50_000), () => TracedWorkload.SmallMethods(50_000));
        var (wholePlain, wholeTraced) = Compare(() => PlainWorkload.FibAndLoop(), () => TracedWorkload.FibAndLoop());
        var wholeExtra = (wholeTraced - wholePlain) * 1e6 / TracedWorkload.FibAndLoopCalls;

        // The same rounds with every core busy in another process: what a loaded machine does to the cost per call.
        var loadedUntraced = new List<double>();
        var loadedTraced = new List<double>();
        var burnerThreads = Environment.ProcessorCount;
        using (CpuBurner.Start(burnerThreads))
        {
            for (var round = 0; round < Rounds; round++)
            {
                loadedUntraced.Add(NanosPerCall(MeasuredLoops.Untraced));
                loadedTraced.Add(NanosPerCall(MeasuredLoops.Traced));
            }
        }

        var u = MeasuredLoops.Median(untraced);
        var s = MeasuredLoops.Median(stopwatch);
        var t = MeasuredLoops.Median(traced);
        Console.WriteLine("| per call (median of {0} rounds of {1:N0} calls) | ns |", Rounds, CallsPerRound);
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| empty method, untraced | {u:F1} |");
        Console.WriteLine($"| Stopwatch.GetTimestamp enter/exit by hand (MethodTimer-style) | {s:F1} (+{s - u:F1}) |");
        Console.WriteLine($"| woven by GoTrace, writing a trace file | {t:F1} (+{t - u:F1}) |");
        Console.WriteLine($"| GoTrace overhead / Stopwatch overhead | {(t - u) / (s - u):F2} |");
        Console.WriteLine($"| trace bytes per call: events and chunk headers / whole chunk slots taken | {bytesPerCall:F3} / {slotBytes / (double)tracedCalls:F3} |");
        Console.WriteLine($"| two threads tracing at once, per thread | {two:F1} vs {one:F1} alone ({(two - one) / one * 100:+0.0;-0.0}%) |");
        var lu = MeasuredLoops.Median(loadedUntraced);
        var lt = MeasuredLoops.Median(loadedTraced);
        Console.WriteLine($"| every core busy in another process ({burnerThreads} spinning threads): untraced / woven | {lu:F1} / {lt:F1} (+{lt - lu:F1}, {(lt - lu) / (t - u):F2}x the idle +{t - u:F1}) |");
        Console.WriteLine();
        WorkSiteCosts.WriteTable();
        Console.WriteLine();
        floor.WriteTable();
        Console.WriteLine();
        Console.WriteLine("| whole program (median of 7) | untraced | traced | ratio |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| fib(27), 832,039 calls | {fibPlain:F1} ms | {fibTraced:F1} ms | {fibTraced / fibPlain:F2}x |");
        Console.WriteLine($"| 50,000 lines through 6 small methods, ~2.3 M calls | {smallPlain:F1} ms | {smallTraced:F1} ms | {smallTraced / smallPlain:F2}x |");
        Console.WriteLine($"| fib(32) and a loop of 11 M small calls, {TracedWorkload.FibAndLoopCalls:N0} calls | {wholePlain:F1} ms | {wholeTraced:F1} ms | {wholeTraced / wholePlain:F2}x: +{wholeExtra:F1} ns a call, {wholeExtra / floor.TwoReads:F2}x two clock reads |");
        floor.WriteSummary();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"whole_program: calls={TracedWorkload.FibAndLoopCalls} untraced_ms={wholePlain:F1} traced_ms={wholeTraced:F1} extra_ns_per_call={wholeExtra:F1} floor_ratio={wholeExtra / floor.TwoReads:F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"loaded: burner_threads={burnerThreads} untraced_ns={lu:F1} traced_ns={lt:F1} overhead_ns={lt - lu:F1} idle_overhead_ns={t - u:F1} ratio={(lt - lu) / (t - u):F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"overhead: untraced_ns={u:F1} stopwatch_ns={s:F1} traced_ns={t:F1} bytes_per_call={bytesPerCall:F2}"));
        return 0;
    }

    private static void Warm()
    {
        for (var i = 0; i < 3; i++)
        {
            // Let tiered compilation promote every loop and callee to optimised code before measuring.
            MeasuredLoops.Untraced(100_000);
            CallStopwatchTimed(100_000);
            MeasuredLoops.Traced(100_000);
            Thread.Sleep(100);
        }
    }

    private static double NanosPerCall(Action<int> loop)
    {
        var start = Stopwatch.GetTimestamp();
        loop(CallsPerRound);
        return Stopwatch.GetElapsedTime(start).TotalNanoseconds / CallsPerRound;
    }

    private static (double Plain, double Traced) Compare(Action plain, Action traced)
    {
        plain();
        traced();
        var p = new List<double>();
        var t = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            p.Add(Milliseconds(plain));
            t.Add(Milliseconds(traced));
        }

        return (MeasuredLoops.Median(p), MeasuredLoops.Median(t));
    }

    private static double Milliseconds(Action action)
    {
        var start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static void CallStopwatchTimed(int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            StopwatchTimedEmpty();
        }
    }

    /// <summary>What MethodTimer.Fody weaves: a timestamp on entry, another in a finally, the difference kept.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StopwatchTimedEmpty()
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
        }
        finally
        {
            _sink += Stopwatch.GetTimestamp() - start;
        }
    }

    /// <summary>
    /// What the calls cost in the trace, read back from the live file: the file header, each event chunk's 32-byte
    /// header and the 8-byte events (<c>Data</c>); and every byte of the chunk slots taken (<c>Slots</c>), which adds
    /// the function table (once per function, not per call) and the room still free at the end of each thread's chunk.
    /// </summary>
    private static (long Data, long Slots) TraceBytes(string path)
    {
        using var file = TraceFile.Open(path);
        long words = 0;
        foreach (var thread in file.Threads)
        {
            foreach (var e in file.ReadEvents(thread, withWork: true))
            {
                words += e.Kind == TraceEventKind.Work ? 2 : 1;
            }
        }

        const int chunkHeaderSize = 32; // docs/trace-format.md: "Every chunk starts with a 32-byte chunk header"
        return (file.HeaderSize + (file.EventChunkCount * chunkHeaderSize) + (words * 8), file.HeaderSize + (file.ChunkSlotsInUse * file.ChunkSize));
    }
}
