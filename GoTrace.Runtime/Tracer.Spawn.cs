using System;
using System.Threading;

namespace GoTrace;

/// <summary>
/// What woven code calls where it hands a delegate to Task.Run, a TaskFactory, new Task, ThreadPool,
/// new Thread, new Timer or Parallel: records "spawned here" on the starting thread, and returns a delegate
/// that runs the original inside a begin/end segment on whatever thread runs it. A null delegate stays
/// null, so the API throws as it would have.
/// </summary>
public static partial class Tracer
{
    public static Action? Spawn(Action? work) => work == null ? null : new SpawnedWork(work).Run;

    public static Action<T>? Spawn<T>(Action<T>? work) => work == null ? null : new SpawnedWork(work).Run;

    public static Action<T1, T2>? Spawn<T1, T2>(Action<T1, T2>? work) => work == null ? null : new SpawnedWork(work).Run;

    public static Action<T1, T2, T3>? Spawn<T1, T2, T3>(Action<T1, T2, T3>? work) => work == null ? null : new SpawnedWork(work).Run;

    public static Func<TResult>? Spawn<TResult>(Func<TResult>? work) => work == null ? null : new SpawnedWork(work).Run<TResult>;

    public static Func<T, TResult>? Spawn<T, TResult>(Func<T, TResult>? work) => work == null ? null : new SpawnedWork(work).Run<T, TResult>;

    public static Func<T1, T2, TResult>? Spawn<T1, T2, TResult>(Func<T1, T2, TResult>? work) => work == null ? null : new SpawnedWork(work).Run<T1, T2, TResult>;

    public static Func<T1, T2, T3, TResult>? Spawn<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult>? work) => work == null ? null : new SpawnedWork(work).Run<T1, T2, T3, TResult>;

    public static WaitCallback? Spawn(WaitCallback? work) => work == null ? null : new SpawnedWork(work).RunWaitCallback;

    public static ThreadStart? Spawn(ThreadStart? work) => work == null ? null : new SpawnedWork(work).RunThreadStart;

    public static ParameterizedThreadStart? Spawn(ParameterizedThreadStart? work) => work == null ? null : new SpawnedWork(work).RunParameterizedThreadStart;

    public static TimerCallback? Spawn(TimerCallback? work) => work == null ? null : new SpawnedWork(work).RunTimerCallback;

    /// <summary>Parallel.Invoke(params Action[]): each action is spawned work of its own.</summary>
    public static Action[]? Spawn(Action[]? work)
    {
        if (work == null)
        {
            return null;
        }

        var wrapped = new Action[work.Length];
        for (var i = 0; i < work.Length; i++)
        {
            wrapped[i] = Spawn(work[i])!;
        }

        return wrapped;
    }

    /// <summary>One spawned delegate and its work id, recorded as spawned on the thread that creates it.</summary>
#if NET6_0_OR_GREATER
    [System.Diagnostics.StackTraceHidden] // exception stack traces show the user's delegate, not this wrapper
#endif
    private sealed class SpawnedWork
    {
        private readonly Delegate _work;
        private readonly long _id;

        public SpawnedWork(Delegate work)
        {
            _work = work;
            var buffer = CurrentBuffer();
            _id = buffer.NewWorkId();
            buffer.WriteWork(WorkEvent.Spawn, _id);
        }

        public void Run()
        {
            var buffer = Begin();
            try { ((Action)_work)(); } finally { buffer.WriteWork(WorkEvent.End, _id); }
        }

        public void Run<T>(T arg)
        {
            var buffer = Begin();
            try { ((Action<T>)_work)(arg); } finally { buffer.WriteWork(WorkEvent.End, _id); }
        }

        public void Run<T1, T2>(T1 arg1, T2 arg2)
        {
            var buffer = Begin();
            try { ((Action<T1, T2>)_work)(arg1, arg2); } finally { buffer.WriteWork(WorkEvent.End, _id); }
        }

        public void Run<T1, T2, T3>(T1 arg1, T2 arg2, T3 arg3)
        {
            var buffer = Begin();
            try { ((Action<T1, T2, T3>)_work)(arg1, arg2, arg3); } finally { buffer.WriteWork(WorkEvent.End, _id); }
        }

        public TResult Run<TResult>()
        {
            var buffer = Begin();
            try { return ((Func<TResult>)_work)(); } finally { buffer.WriteWork(WorkEvent.End, _id); }
        }

        public TResult Run<T, TResult>(T arg)
        {
            var buffer = Begin();
            try { return ((Func<T, TResult>)_work)(arg); } finally { buffer.WriteWork(WorkEvent.End, _id); }
        }

        public TResult Run<T1, T2, TResult>(T1 arg1, T2 arg2)
        {
            var buffer = Begin();
            try { return ((Func<T1, T2, TResult>)_work)(arg1, arg2); } finally { buffer.WriteWork(WorkEvent.End, _id); }
        }

        public TResult Run<T1, T2, T3, TResult>(T1 arg1, T2 arg2, T3 arg3)
        {
            var buffer = Begin();
            try { return ((Func<T1, T2, T3, TResult>)_work)(arg1, arg2, arg3); } finally { buffer.WriteWork(WorkEvent.End, _id); }
        }

        public void RunWaitCallback(object? state)
        {
            var buffer = Begin();
            try { ((WaitCallback)_work)(state); } finally { buffer.WriteWork(WorkEvent.End, _id); }
        }

        public void RunThreadStart()
        {
            var buffer = Begin();
            try { ((ThreadStart)_work)(); } finally { buffer.WriteWork(WorkEvent.End, _id); }
        }

        public void RunParameterizedThreadStart(object? state)
        {
            var buffer = Begin();
            try { ((ParameterizedThreadStart)_work)(state); } finally { buffer.WriteWork(WorkEvent.End, _id); }
        }

        public void RunTimerCallback(object? state)
        {
            var buffer = Begin();
            try { ((TimerCallback)_work)(state); } finally { buffer.WriteWork(WorkEvent.End, _id); }
        }

        private ThreadBuffer Begin()
        {
            var buffer = CurrentBuffer();
            buffer.WriteWork(WorkEvent.Begin, _id);
            return buffer;
        }
    }
}
