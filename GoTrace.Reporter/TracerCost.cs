using System;

namespace GoTrace.Reporter;

/// <summary>
/// What the tracer's own calls cost in the traced process, in clock ticks, as the runtime measured it (the
/// calibration record, docs/overhead-compensation.md): per timed call, all of it (what lands in its caller's
/// interval) and the part between its own two clock reads; the same per counted call (a runtime that writes count
/// events: per count that stores a new count word, and nothing between clock reads); per work event; and per count
/// added to the count word before it (<see cref="CountedMerged"/>: negative when the record has no such figure).
/// </summary>
public sealed record TracerCost(double TimedCall, double TimedInside, double CountedCall, double CountedInside, double WorkEvent, double CountedMerged = -1)
{
    /// <summary>The cost of a count added to the word before it: the figure measured, else that of a counted call.</summary>
    public double CountedMergedOrCall => CountedMerged >= 0 ? CountedMerged : CountedCall;

    /// <summary>Figures a damaged record cannot make absurd: each between 0 and the call's whole cost.</summary>
    internal static TracerCost Sane(double timedCall, double timedInside, double countedCall, double countedInside, double workEvent, double countedMerged = -1)
    {
        static double Clamp(double value, double max) => double.IsFinite(value) ? Math.Clamp(value, 0, max) : 0;
        const double MaxTicks = 1e6;
        var timed = Clamp(timedCall, MaxTicks);
        var counted = Clamp(countedCall, MaxTicks);
        return new TracerCost(timed, Clamp(timedInside, timed), counted, Clamp(countedInside, counted), Clamp(workEvent, MaxTicks),
            double.IsFinite(countedMerged) && countedMerged >= 0 ? Clamp(countedMerged, MaxTicks) : -1);
    }
}
