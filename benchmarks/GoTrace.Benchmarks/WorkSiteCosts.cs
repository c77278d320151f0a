using System;
using System.Collections.Generic;
using System.Diagnostics;
using PlainWorkload = GoTrace.Benchmarks.Plain.Workload;
using TracedWorkload = GoTrace.Benchmarks.Traced.Workload;

namespace GoTrace.Benchmarks;

/// <summary>
/// What an async call and a spawn site cost, untraced and woven, with no <see cref="Activity"/> current, inside one
/// activity (the runtime records it once, then compares), and inside an activity that changes at every call (an
/// activity event each time, the worst case). Rounds interleaved, medians quoted, for <see cref="OverheadMode"/>.
/// </summary>
internal static class WorkSiteCosts
{
    private const int CallsPerRound = 300_000;
    private const int Rounds = 9;

    private static long _sink;

    private enum Context
    {
        None,
        One,
        Changing,
    }

    public static void WriteTable()
    {
        var async = Measure(AsyncCalls);
        var spawn = Measure(Spawns);
        Console.WriteLine("| per async call or spawn site (median of {0} rounds of {1:N0}) | untraced ns | traced ns | traced, inside one Activity | traced, Activity changes every call |", Rounds, CallsPerRound);
        Console.WriteLine("|---|---|---|---|---|");
        Write("async call completing at once", async);
        Write("spawn site (new Task, not started)", spawn);
    }

    private static void Write(string what, Dictionary<(bool Traced, Context Context), double> ns)
    {
        double Extra(bool traced, Context context) => ns[(traced, context)] - ns[(false, context)];
        Console.WriteLine(
            $"| {what} | {ns[(false, Context.None)]:F1} | {ns[(true, Context.None)]:F1} (+{Extra(true, Context.None):F1}) | " +
            $"{ns[(true, Context.One)]:F1} (+{Extra(true, Context.One):F1}) | {ns[(true, Context.Changing)]:F1} (+{Extra(true, Context.Changing):F1}) |");
    }

    private static Dictionary<(bool, Context), double> Measure(Action<bool, int> loop)
    {
        var samples = new Dictionary<(bool, Context), List<double>>();
        for (var round = -1; round < Rounds; round++)
        {
            foreach (var context in new[] { Context.None, Context.One, Context.Changing })
            {
                foreach (var traced in new[] { false, true })
                {
                    var ns = InContext(context, () => loop(traced, CallsPerRound));
                    if (round >= 0)
                    {
                        (samples.TryGetValue((traced, context), out var list) ? list : samples[(traced, context)] = new List<double>()).Add(ns);
                    }
                }
            }
        }

        var medians = new Dictionary<(bool, Context), double>();
        foreach (var (key, list) in samples)
        {
            medians[key] = MeasuredLoops.Median(list);
        }

        return medians;
    }

    /// <summary>Nanoseconds per call of the loop, run with no activity, one, or one of two swapped in before each call.</summary>
    private static double InContext(Context context, Action loop)
    {
        var previous = Activity.Current;
        using var first = new Activity("gotrace-benchmark-a").Start();
        using var second = new Activity("gotrace-benchmark-b").Start();
        _swap = context == Context.Changing ? new[] { first, second } : null;
        Activity.Current = context == Context.None ? null : first;
        try
        {
            var start = Stopwatch.GetTimestamp();
            loop();
            return Stopwatch.GetElapsedTime(start).TotalNanoseconds / CallsPerRound;
        }
        finally
        {
            _swap = null;
            Activity.Current = previous;
        }
    }

    private static Activity[]? _swap;

    private static void AsyncCalls(bool traced, int calls)
    {
        var swap = _swap;
        long sum = 0;
        for (var i = 0; i < calls; i++)
        {
            if (swap != null)
            {
                Activity.Current = swap[i & 1];
            }

            sum += traced ? TracedWorkload.CompletedAsync(i).Result : PlainWorkload.CompletedAsync(i).Result;
        }

        _sink += sum;
    }

    private static void Spawns(bool traced, int calls)
    {
        var swap = _swap;
        for (var i = 0; i < calls; i++)
        {
            if (swap != null)
            {
                Activity.Current = swap[i & 1];
            }

            GC.KeepAlive(traced ? TracedWorkload.Spawn() : PlainWorkload.Spawn());
        }
    }
}
