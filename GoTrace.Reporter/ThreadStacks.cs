using System;

namespace GoTrace.Reporter;

/// <summary>A run of work on a thread (between a work event's begin and its end), identified by its work id.</summary>
internal interface IWorkRun
{
    long WorkId { get; }
}

/// <summary>
/// One thread's open calls by depth (1 = outermost) and the runs of work it is in, innermost last: the state the
/// visitors of <see cref="TimelineMerge"/> that follow the logical tree (OTLP spans, single calls) keep per thread.
/// </summary>
internal sealed class ThreadStacks<TFrame, TRun>
    where TFrame : struct
    where TRun : struct, IWorkRun
{
    private TFrame[] _frames = new TFrame[64];
    private TRun[] _runs = new TRun[8];

    public ThreadStacks(TraceThread thread) => Thread = thread;

    public TraceThread Thread { get; }

    public int SegmentCount { get; private set; }

    public ref TRun TopSegment => ref _runs[SegmentCount - 1];

    public ref TFrame Frame(int depth)
    {
        if (depth >= _frames.Length)
        {
            Array.Resize(ref _frames, Math.Max(depth + 1, _frames.Length * 2));
        }

        return ref _frames[depth];
    }

    public ref TRun PushSegment()
    {
        if (SegmentCount == _runs.Length)
        {
            Array.Resize(ref _runs, _runs.Length * 2);
        }

        return ref _runs[SegmentCount++];
    }

    /// <summary>Ends the run of <paramref name="workId"/> (and any left open inside it); a run never begun is ignored.</summary>
    public void PopSegment(long workId)
    {
        for (var at = SegmentCount - 1; at >= 0; at--)
        {
            if (_runs[at].WorkId == workId)
            {
                Array.Clear(_runs, at, SegmentCount - at);
                SegmentCount = at;
                return;
            }
        }
    }
}
