using System.Diagnostics;

namespace GoTrace.Reporter;

/// <summary>
/// Which recorded <c>System.Diagnostics.Activity</c> each thread is in, as its activity events say (the runtime
/// writes one where an async call or a spawn starts inside an activity other than the one that thread recorded
/// last), and how a call joins it: a call whose recorded activity is not its logical parent's becomes a child of
/// that activity's span, in that activity's trace; a call with none recorded stays in its parent's.
/// </summary>
internal sealed class OtlpActivityLinks
{
    private readonly TraceActivities _activities;
    private readonly ActivityContext[] _current;

    public OtlpActivityLinks(TraceActivities activities, int threads)
    {
        _activities = activities;
        _current = new ActivityContext[threads];
    }

    /// <summary>An activity event on <paramref name="thread"/>: the async calls and spawns that follow run inside it.</summary>
    public void Record(TraceThread thread, long id) => _current[thread.ThreadIndex] = _activities[id];

    /// <summary>The activity the thread recorded last (default: none).</summary>
    public ActivityContext Current(TraceThread thread) => _current[thread.ThreadIndex];

    /// <summary>
    /// The activity a root call starting now runs inside: the thread's, when the runtime wrote every change of
    /// it; otherwise none (the last one recorded at an async call may belong to a request that has moved on).
    /// </summary>
    public ActivityContext CurrentForRoots(TraceThread thread) => _activities.FollowsThreads ? _current[thread.ThreadIndex] : default;

    public static bool IsSet(ActivityContext context) => context.TraceId != default;

    /// <summary>The activity a call runs inside: the one recorded where it started, else its parent's.</summary>
    public static ActivityContext InForce(ActivityContext recorded, ActivityContext parent) => IsSet(recorded) ? recorded : parent;

    /// <summary>The recorded activity whose span becomes the call's parent: one that is not already its logical parent's.</summary>
    public static ActivityContext RemoteParent(ActivityContext recorded, ActivityContext parent) =>
        IsSet(recorded) && (recorded.TraceId != parent.TraceId || recorded.SpanId != parent.SpanId) ? recorded : default;
}
