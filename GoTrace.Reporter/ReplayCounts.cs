using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace GoTrace.Reporter;

/// <summary>What a replay of events met: how many, and the anomalies a reader of the report should know about.</summary>
internal sealed class ReplayCounts
{
    public long Events;
    public long IgnoredExits;
    public long ImplicitlyClosedCalls;
    public long UnfinishedCalls;
    public long LatestTicks = long.MinValue;

    public void Add(ReplayCounts other)
    {
        Events += other.Events;
        IgnoredExits += other.IgnoredExits;
        ImplicitlyClosedCalls += other.ImplicitlyClosedCalls;
        UnfinishedCalls += other.UnfinishedCalls;
        LatestTicks = Math.Max(LatestTicks, other.LatestTicks);
    }
}

/// <summary>The notes printed after a report: what is missing or odd in the trace, one line each.</summary>
internal static class TraceNotes
{
    public static List<string> Describe(TraceFile file, ReplayCounts counts, bool allThreads)
    {
        var notes = new List<string>(file.ReadNotes);
        if (!file.IsComplete)
        {
            notes.Add("the trace is incomplete (the program is still running or was killed); times run to the last event recorded");
        }

        if (file.DroppedEvents > 0)
        {
            notes.Add($"{Count(file.DroppedEvents, "event was", "events were")} dropped by the tracer; some calls are missing");
            DescribeDrops(file, notes);
        }

        if (allThreads && file.IsComplete && file.EventsWritten > 0 && counts.Events < file.EventsWritten)
        {
            notes.Add($"the header counts {Number(file.EventsWritten)} events written but the file holds {Number(counts.Events)}; the rest are missing");
        }

        if (counts.UnfinishedCalls > 0)
        {
            notes.Add($"{Count(counts.UnfinishedCalls, "call had", "calls had")} not returned when the trace ended; they count until the end");
        }

        if (counts.ImplicitlyClosedCalls > 0)
        {
            notes.Add($"{Count(counts.ImplicitlyClosedCalls, "call was", "calls were")} closed by the exit of an outer call (their own exit is missing)");
        }

        if (counts.IgnoredExits > 0)
        {
            notes.Add($"{Count(counts.IgnoredExits, "exit matches", "exits match")} no open call and {(counts.IgnoredExits == 1 ? "was" : "were")} ignored");
        }

        DescribeCompensation(file, notes);
        return notes;
    }

    /// <summary>Where the dropped events were: one note per thread (the most first), from the threads' drops records.</summary>
    /// <summary>Once: how much of the tracer's own cost the times leave out, or why they do not.</summary>
    private static void DescribeCompensation(TraceFile file, List<string> notes)
    {
        if (file.TracerCost is not { } cost)
        {
            if (file.ClockName.Length > 0)
            {
                notes.Add("the trace does not record the tracer's cost per call (an older runtime wrote it): times include it");
            }

            return;
        }

        if (cost.TimedCall <= 0 && cost.CountedCall <= 0)
        {
            return;
        }

        string Nanos(double ticks) => (ticks / file.ClockFrequency * 1e9).ToString("0.0", CultureInfo.InvariantCulture) + " ns";
        notes.Add(file.Compensate
            ? $"times leave out the tracer's own cost, measured by the traced process: {Nanos(cost.TimedCall)} per timed call, {Nanos(cost.CountedCall)} per counted call (--raw shows them as measured)"
            : $"times are as measured (--raw): they include the tracer's own cost, {Nanos(cost.TimedCall)} per timed call and {Nanos(cost.CountedCall)} per counted call");
    }

    private static void DescribeDrops(TraceFile file, List<string> notes)
    {
        const int listed = 8;
        var threads = file.Threads.Where(t => t.DroppedEvents > 0).OrderByDescending(t => t.DroppedEvents).ThenBy(t => t.ThreadIndex).ToList();
        foreach (var thread in threads.Take(listed))
        {
            var when = DurationFormat.Format(file.TicksToSeconds(Math.Max(0, thread.FirstDropTicks - file.StartTicks)));
            notes.Add(thread.LostItsOldestChunks
                ? $"{thread} lost its oldest {Count(thread.DroppedEvents, "event", "events")} to ring mode (the first overwritten at {when})"
                : $"{thread} dropped {Count(thread.DroppedEvents, "event", "events")} from {when} on (the trace file was full)");
        }

        if (threads.Count > listed)
        {
            notes.Add($"{threads.Count - listed} more threads dropped {Number(threads.Skip(listed).Sum(t => t.DroppedEvents))} events");
        }

        // Drops records are written when the file is finished: an incomplete trace has none yet.
        var unplaced = file.DroppedEvents - threads.Sum(t => t.DroppedEvents);
        if (unplaced > 0 && file.IsComplete)
        {
            notes.Add($"where {Count(unplaced, "dropped event was", "dropped events were")} lost is not recorded (the file had no room left for the record)");
        }
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Count(long count, string singular, string plural) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? singular : plural)}");
}
