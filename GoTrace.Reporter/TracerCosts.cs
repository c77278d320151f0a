using System;
using System.Linq;
using System.Runtime.CompilerServices;

namespace GoTrace.Reporter;

/// <summary>
/// The tracer's cost of each event, as the replay takes it out of a thread's clock values
/// (docs/overhead-compensation.md), in fixed point (<see cref="FixedPointBits"/> bits of fraction): all of it, and
/// the part before the event's clock read. A call of cost P, whose two clock reads are I apart when its body is
/// empty, is split as an enter of P/2 whose read comes after (P - I)/2, and an exit of P/2 whose read comes after
/// I/2: an empty call then lasts 0, and a caller loses P per call it made. A work event reads the clock first.
/// </summary>
internal sealed class TracerCosts
{
    public const int FixedPointBits = 16;
    private const double Unit = 1 << FixedPointBits;

    // Per event: [counted * 4 + kind].
    private readonly EventCost[] _byKind = new EventCost[8];
    private readonly byte[] _counted;
    private readonly long _maxDebt;

    // A count event's cost: its first call (which stored the word), each call after it (added to the word).
    private readonly long _countFirst;
    private readonly long _countMerged;

    // What the cost so far may grow to from count events (a damaged count cannot overflow it).
    private const long MaxOverhead = 1L << 60;

    public TracerCosts(TraceFile file)
    {
        var cost = file.Compensation;
        _counted = Array.Empty<byte>();
        if (cost == null)
        {
            return;
        }

        Enabled = true;
        var functions = file.Functions;
        _counted = new byte[functions.Count];
        for (var id = 0; id < functions.Count; id++)
        {
            _counted[id] = functions.TryGetFunction(id, out var function) && function.IsCounted ? (byte)1 : (byte)0;
        }

        Set(0, cost.TimedCall, cost.TimedInside);
        Set(1, cost.CountedCall, cost.CountedInside);
        _maxDebt = Fixed(Math.Max(cost.TimedCall, cost.CountedCall));
        WorkEvent = Fixed(cost.WorkEvent);
        _countFirst = Fixed(cost.CountedCall);
        _countMerged = Fixed(cost.CountedMergedOrCall);
        _byKind[EventWord.Work] = _byKind[4 + EventWord.Work] = new EventCost(0, WorkEvent);
        Start = -_byKind.Max(c => c.Before);
    }

    /// <summary>False when the trace has no calibration or <c>--raw</c> asked for the clock's figures.</summary>
    public bool Enabled { get; }

    /// <summary>
    /// The cost counted before a thread's first event: minus the largest part of an event before its clock read, so
    /// that no event is taken below its clock value (only differences within a thread matter).
    /// </summary>
    public long Start { get; }

    /// <summary>One work event's cost, fixed point.</summary>
    public long WorkEvent { get; }

    /// <summary>
    /// The cost so far (<paramref name="overhead"/>) when taking it out would put an event whose own cost before its
    /// clock read is <paramref name="before"/> behind the thread's previous one, <paramref name="roomTicks"/> earlier on
    /// the clock: at most what makes the event come one timed call's cost before the previous one (that much is
    /// carried over to the next events), never more than it was.
    /// </summary>
    public long Forgive(long overhead, long before, long roomTicks)
    {
        var room = Math.Clamp(roomTicks, 0, 1L << 40) << FixedPointBits;
        return Math.Min(overhead, room + _maxDebt - before);
    }

    /// <summary>
    /// The cost so far after a count event of <paramref name="calls"/> calls: it reads no clock, so its whole cost goes
    /// to the events after it. Saturates rather than overflow on a damaged count.
    /// </summary>
    public long AfterCount(long overhead, long calls)
    {
        var more = calls > 1 && _countMerged > 0 ? Math.Min(calls - 1, MaxOverhead / _countMerged) * _countMerged : 0;
        return Math.Min(MaxOverhead, overhead + Math.Min(MaxOverhead, _countFirst + more));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsCounted(int function) => (uint)function < (uint)_counted.Length && _counted[function] != 0;

    /// <summary>
    /// The cost so far that has a counted call's exit, <paramref name="sinceEnterTicks"/> after its enter's compensated
    /// time on the clock, come at its enter's time: a counted call lasts nothing. Never less than it was.
    /// </summary>
    public long AllOfCountedCall(long overhead, long before, long sinceEnterTicks) =>
        Math.Max(overhead, (Math.Clamp(sinceEnterTicks, 0, 1L << 40) << FixedPointBits) - before);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public EventCost Of(int function, uint kind) =>
        _byKind[(((uint)function < (uint)_counted.Length ? _counted[function] : 0) * 4) + (kind & 3)];

    private void Set(int counted, double call, double inside)
    {
        _byKind[(counted * 4) + EventWord.Enter] = new EventCost(Fixed((call - inside) / 2), Fixed(call / 2));
        _byKind[(counted * 4) + EventWord.Exit] = new EventCost(Fixed(inside / 2), Fixed(call / 2));
    }

    private static long Fixed(double ticks) => (long)Math.Round(ticks * Unit);
}

/// <summary>One event's cost, fixed point: before its clock read, and all of it.</summary>
internal readonly record struct EventCost(long Before, long All);
