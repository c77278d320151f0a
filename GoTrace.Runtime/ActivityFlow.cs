#if NET5_0_OR_GREATER
using System;
using System.Diagnostics;
using System.Threading;

namespace GoTrace;

/// <summary>
/// Follows <c>Activity.Current</c> onto every thread that takes up its async flow, so that a root call (a
/// synchronous request handler, say) is known to run inside the request's activity without reading
/// <c>Activity.Current</c> per call. <c>Activity.CurrentChanged</c> fires only where an activity is set; an
/// <see cref="AsyncLocal{T}"/> set beside it flows with it, and its change handler also fires when a thread
/// switches to another flow: each change on a thread that records writes one activity event there.
/// </summary>
internal static class ActivityFlow
{
    private static readonly AsyncLocal<Activity?> Mirror = new(OnMirrorChanged);
    private static int _started;

    /// <summary>Subscribes once, when the session starts.</summary>
    public static void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            Activity.CurrentChanged += OnCurrentChanged;
        }
    }

    private static void OnCurrentChanged(object? sender, ActivityChangedEventArgs change)
    {
        try
        {
            Mirror.Value = change.Current;
        }
        catch (Exception)
        {
            // The traced program must never break because of the tracer.
        }
    }

    /// <summary>Runs inside the runtime's context switches: it must never throw.</summary>
    private static void OnMirrorChanged(AsyncLocalValueChangedArgs<Activity?> change)
    {
        try
        {
            Tracer.ExistingBuffer()?.RecordActivity(change.CurrentValue);
        }
        catch (Exception)
        {
            // The traced program must never break because of the tracer: the call is then simply not stitched.
        }
    }
}
#endif
