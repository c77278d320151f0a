namespace GoTrace;

/// <summary>What woven async state machines call: one logical call per async method call, across awaits and threads.</summary>
public static partial class Tracer
{
    private const int CompletedState = -2;

    /// <summary>
    /// Called at the start of each run of an async state machine's MoveNext. The first run (its call id is
    /// still 0) starts the logical call, under the caller's frame, inside the current Activity when it changed
    /// since this thread last recorded one; every run is a segment of it.
    /// </summary>
    public static ThreadBuffer AsyncEnter(ref long call, int id)
    {
        var buffer = CurrentBuffer();
        if (call == 0)
        {
            call = buffer.NewWorkId();
            buffer.RecordActivity();
            buffer.WriteWork(WorkEvent.AsyncCall, call, id);
        }

        buffer.WriteWork(WorkEvent.Begin, call);
        return Enter(id);
    }

    /// <summary>
    /// Called right before MoveNext completes the task (the builder's SetResult or SetException; an async
    /// iterator's final promise). Completing may run the awaiting caller's continuation on the spot, on this
    /// thread, before MoveNext returns: the call ends here. The id is negated to say its end is recorded.
    /// </summary>
    public static void AsyncCompleting(ThreadBuffer buffer, ref long call, int state)
    {
        if (state == CompletedState && call > 0)
        {
            buffer.WriteWork(WorkEvent.AsyncComplete, call);
            call = -call;
        }
    }

    /// <summary>
    /// Called in the finally of each run of MoveNext; <paramref name="state"/> -2 means the task completed
    /// (a negative <paramref name="call"/>: <see cref="AsyncCompleting"/> already recorded when).
    /// </summary>
    public static void AsyncExit(ThreadBuffer buffer, int id, long call, int state)
    {
        Exit(buffer, id);
        if (state == CompletedState && call > 0)
        {
            buffer.WriteWork(WorkEvent.AsyncComplete, call);
        }

        buffer.WriteWork(WorkEvent.End, call < 0 ? -call : call);
    }
}
