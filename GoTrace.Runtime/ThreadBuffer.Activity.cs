using System;
using System.Runtime.CompilerServices;

namespace GoTrace;

/// <summary>
/// Records the current <c>System.Diagnostics.Activity</c> when a thread starts recording, where an async call or a
/// spawn starts, and (net10.0) whenever the thread's activity changes (<see cref="ActivityFlow"/>); never per plain
/// call: an activity work event naming an activity record (docs/trace-format.md). Each thread remembers the
/// activity it recorded last, so a request's many async calls on one thread cost one event: the others cost a
/// read of <c>Activity.Current</c> and one reference compare.
/// </summary>
public sealed partial class ThreadBuffer
{
    /// <summary>The id an activity event carries when no activity is current (work ids are never below 2^32).</summary>
    internal const long NoActivity = 1;

    /// <summary>Each activity's record id, written once per activity whatever the threads it is seen on.</summary>
    private static readonly ConditionalWeakTable<object, ActivityRecord> Records = new();

    /// <summary>The activity this thread recorded last (null: none, or none recorded yet).</summary>
    private object? _activity;

    /// <summary>Writes an activity event when <c>Activity.Current</c> is not the activity this thread recorded last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void RecordActivity()
    {
        var current = CurrentActivity.Get();
        if (!ReferenceEquals(current, _activity))
        {
            RecordActivityChange(current);
        }
    }

    /// <summary>Writes an activity event when <paramref name="current"/> is not the activity this thread recorded last.</summary>
    internal void RecordActivity(object? current)
    {
        if (!ReferenceEquals(current, _activity))
        {
            RecordActivityChange(current);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RecordActivityChange(object? current)
    {
        _activity = current;
        if (_session == null)
        {
            return;
        }

        try
        {
            var id = current == null ? NoActivity : Records.GetValue(current, NewRecord).Id;
            WriteWork(WorkEvent.Activity, id);
        }
        catch (Exception)
        {
            // The traced program must never break because of the tracer: the call is then simply not stitched.
        }
    }

    /// <summary>Writes the activity's record (trace id, span id, flags) before any event can name it.</summary>
    private ActivityRecord NewRecord(object activity)
    {
        var ids = new byte[CurrentActivity.IdBytes];
        if (!CurrentActivity.TryRead(activity, ids, out var flags))
        {
            return new ActivityRecord(NoActivity);
        }

        var id = NewWorkId();
        return new ActivityRecord(_session!.WriteActivity(id, ids, flags) ? id : NoActivity);
    }

    private sealed class ActivityRecord
    {
        public ActivityRecord(long id) => Id = id;

        public long Id { get; }
    }
}
