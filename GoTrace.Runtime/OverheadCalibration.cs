using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GoTrace;

/// <summary>
/// What the tracer's own calls cost in this process, in clock ticks, so that the reporter can take it out of
/// the times it reports (docs/overhead-compensation.md). Measured on the calling thread, with the clock the
/// trace uses and the code woven methods run: <see cref="Tracer.Enter"/>, <see cref="Tracer.Exit"/> and
/// <see cref="Tracer.Count"/> write through a thread buffer into a scratch block of memory (touched before, so
/// no page faults; the real chunks are faulted in ahead of the writers by the prefault thread).
/// </summary>
internal static unsafe class OverheadCalibration
{
    private const MethodImplOptions Optimized = (MethodImplOptions)512; // AggressiveOptimization: no tier-0 code
    private const int CallsPerRound = 400;
    private const int BatchBytes = CallsPerRound * 2 * TraceLayout.EventSize;

    /// <summary>Room for one batch of events.</summary>
    public const int MinScratchBytes = 2 * BatchBytes;

    private static int _sink;

    /// <summary>
    /// Measures <paramref name="rounds"/> interleaved rounds of each kind of call, writing the events into
    /// <paramref name="memory"/> (<paramref name="bytes"/> long, at least <see cref="MinScratchBytes"/>): per kind, the low quartile of the rounds' cost per call.
    /// </summary>
    public static Calibration Measure(int rounds, byte* memory, long bytes)
    {
        var previous = Tracer.SwapBuffer(null);
        try
        {
            var scratch = ThreadBuffer.Scratch(memory, bytes);
            Tracer.SwapBuffer(scratch);
            var timed = new double[rounds];
            var timedInside = new double[rounds];
            var untraced = new double[rounds];
            var counted = new double[rounds];
            var merged = new double[rounds];
            var inline = new double[rounds];
            var work = new double[rounds];
            for (var r = -1; r < rounds; r++)
            {
                // Round -1 warms up: first calls.
                var at = Math.Max(r, 0);
                untraced[at] = PerCall(UntracedCalls);
                scratch.StartBatch(BatchBytes, oddWord: r % 2 != 0);
                timed[at] = PerCall(TimedCalls);
                timedInside[at] = InsidePerCall(scratch);
                inline[at] = PerCall(InlineCalls);
                scratch.StartBatch(BatchBytes, oddWord: r % 2 != 0);
                counted[at] = PerCall(CountedCalls);
                scratch.StartBatch(BatchBytes, oddWord: r % 2 != 0);
                merged[at] = PerCall(MergedCounts);
                scratch.StartBatch(BatchBytes, oddWord: r % 2 != 0);
                work[at] = PerCall(WorkEvents, scratch);
            }

            return new Calibration(
                timedCall: Math.Max(0, LowQuartile(timed) - LowQuartile(untraced)),
                timedInside: MeanOfHalves(timedInside),
                countedCall: Math.Max(0, LowQuartile(counted) - LowQuartile(inline)),
                countedInside: 0, // a count reads no clock
                countedMerged: Math.Max(0, LowQuartile(merged) - LowQuartile(inline)),
                workEvent: Math.Max(0, 2 * (LowQuartile(work) - LowQuartile(inline))), // half of a round's iterations write one
                calls: rounds * CallsPerRound);
        }
        finally
        {
            Tracer.SwapBuffer(previous);
        }
    }

    /// <summary>
    /// Measures into <paramref name="bytes"/> of native memory of its own, faulted in first (one store a page), as the
    /// prefault thread faults in a chunk's pages before its thread writes there.
    /// </summary>
    public static Calibration Measure(int rounds, int bytes)
    {
        bytes = Math.Max(bytes, MinScratchBytes);
        var memory = Marshal.AllocHGlobal(bytes);
        try
        {
            var start = (byte*)memory;
            for (var page = 0; page < bytes; page += 4096)
            {
                start[page] = 0;
            }

            return Measure(rounds, start, bytes);
        }
        finally
        {
            Marshal.FreeHGlobal(memory);
        }
    }

    private static double PerCall(Action<int> calls)
    {
        var start = TraceClock.Now();
        calls(CallsPerRound);
        return (TraceClock.Now() - start) / (double)CallsPerRound;
    }

    private static double PerCall(Action<ThreadBuffer, int> calls, ThreadBuffer buffer)
    {
        var start = TraceClock.Now();
        calls(buffer, CallsPerRound);
        return (TraceClock.Now() - start) / (double)CallsPerRound;
    }

    /// <summary>The mean time between each enter and its exit in the scratch buffer: the part of a call inside its own interval.</summary>
    private static double InsidePerCall(ThreadBuffer scratch)
    {
        var events = scratch.BatchEvents(out var count);
        long sum = 0;
        var pairs = 0;
        for (var i = 0; i + 1 < count; i += 2)
        {
            sum += (long)(events[i + 1] >> TraceLayout.TicksShift) - (long)(events[i] >> TraceLayout.TicksShift);
            pairs++;
        }

        return pairs == 0 ? 0 : sum / (double)pairs;
    }

    /// <summary>The mean of the medians of the even and the odd rounds (their events started on even and on odd words).</summary>
    private static double MeanOfHalves(double[] values) =>
        (Median(values.Where((_, r) => r % 2 == 0).ToArray()) + Median(values.Where((_, r) => r % 2 != 0).ToArray())) / 2;

    /// <summary>The round a quarter of the way up: rounds only ever take longer than the calls (interrupts, preemption).</summary>
    private static double LowQuartile(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[sorted.Length / 4];
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    [MethodImpl(Optimized)]
    private static void UntracedCalls(int n)
    {
        for (var i = 0; i < n; i++)
        {
            Untraced();
        }
    }

    [MethodImpl(Optimized)]
    private static void TimedCalls(int n)
    {
        for (var i = 0; i < n; i++)
        {
            Timed();
        }
    }

    [MethodImpl(Optimized)]
    private static void InlineCalls(int n)
    {
        for (var i = 0; i < n; i++)
        {
            _sink++;
        }
    }

    [MethodImpl(Optimized)]
    private static void CountedCalls(int n)
    {
        for (var i = 0; i < n; i += 4)
        {
            // Counted members inlined into their caller, counts included, four taking turns: each count is a new word.
            Tracer.Count(0);
            _sink++;
            Tracer.Count(1);
            _sink++;
            Tracer.Count(2);
            _sink++;
            Tracer.Count(3);
            _sink++;
        }
    }

    [MethodImpl(Optimized)]
    private static void MergedCounts(int n)
    {
        for (var i = 0; i < n; i++)
        {
            // One counted member called again and again: each count after the first adds to the same word.
            Tracer.Count(0);
            _sink++;
        }
    }

    [MethodImpl(Optimized)]
    private static void WorkEvents(ThreadBuffer buffer, int n)
    {
        for (var i = 0; i < n / 2; i++)
        {
            buffer.WriteWork(WorkEvent.End, 1);
            _sink++;
        }

        for (var i = n / 2; i < n; i++)
        {
            _sink++;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | Optimized)]
    private static void Untraced() => _sink++;

    /// <summary>The shape of a woven method.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | Optimized)]
    private static void Timed()
    {
        // var buffer = Tracer.Enter(id); try { body } finally { Tracer.Exit(buffer, id); }
        var buffer = Tracer.Enter(0);
        try
        {
            _sink++;
        }
        finally
        {
            Tracer.Exit(buffer, 0);
        }
    }
}

/// <summary>
/// The tracer's cost in clock ticks: per timed call, all of it (what lands in the caller's interval) and the part
/// between its own two clock reads; the same per counted call that writes a new count word (nothing is between clock
/// reads: it reads none), and per counted call added to the word before; per work event.
/// </summary>
internal readonly struct Calibration
{
    public Calibration(double timedCall, double timedInside, double countedCall, double countedInside, double countedMerged, double workEvent, int calls)
    {
        CountedMerged = countedMerged;
        TimedCall = timedCall;
        TimedInside = timedInside;
        CountedCall = countedCall;
        CountedInside = countedInside;
        WorkEvent = workEvent;
        Calls = calls;
    }

    public double TimedCall { get; }

    public double TimedInside { get; }

    public double CountedCall { get; }

    public double CountedInside { get; }

    public double CountedMerged { get; }

    public double WorkEvent { get; }

    /// <summary>Calls of each kind measured.</summary>
    public int Calls { get; }
}
