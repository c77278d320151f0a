using System;
using System.Threading;

namespace GoTrace;

/// <summary>
/// What woven code calls where it hands a delegate to an API that runs it elsewhere or later (Task.Run, a
/// TaskFactory, new Task, ContinueWith, ThreadPool, new Thread, new Timer, Parallel, SynchronizationContext,
/// CancellationToken.Register, ExecutionContext.Run, FromAsync's end method, RegisterWaitForSingleObject):
/// records "spawned here" on the starting thread, and returns a delegate that runs the original inside a
/// begin/end segment on whatever thread runs it, each time it runs. A null delegate stays null, so the API
/// throws as it would have.
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

    public static SendOrPostCallback? Spawn(SendOrPostCallback? work) => work == null ? null : new SpawnedWork(work).RunSendOrPostCallback;

    public static ContextCallback? Spawn(ContextCallback? work) => work == null ? null : new SpawnedWork(work).RunContextCallback;

    public static WaitOrTimerCallback? Spawn(WaitOrTimerCallback? work) => work == null ? null : new SpawnedWork(work).RunWaitOrTimerCallback;

#if NETCOREAPP3_0_OR_GREATER
    /// <summary>
    /// ThreadPool.UnsafeQueueUserWorkItem(IThreadPoolWorkItem, bool): the item is wrapped in one that runs it as spawned
    /// work. A Task is passed through as it is, because the pool refuses Tasks (ArgumentOutOfRangeException), and so
    /// is null (ArgumentNullException).
    /// </summary>
    public static IThreadPoolWorkItem? Spawn(IThreadPoolWorkItem? work) =>
        work == null || work is System.Threading.Tasks.Task ? work : new SpawnedWorkItem(work, new SpawnedWork(work));

    private sealed class SpawnedWorkItem : IThreadPoolWorkItem
    {
        private readonly IThreadPoolWorkItem _item;
        private readonly SpawnedWork _work;

        public SpawnedWorkItem(IThreadPoolWorkItem item, SpawnedWork work)
        {
            _item = item;
            _work = work;
        }

        [System.Diagnostics.StackTraceHidden]
        public void Execute() => _work.RunWorkItem(_item);
    }
#endif

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
        private readonly object _work;
        private readonly long _id;

        /// <summary>The delegate (or work item) to run; records the spawn on this thread (and the current Activity when it changed).</summary>
        public SpawnedWork(object work)
        {
            _work = work;
            var buffer = CurrentBuffer();
            _id = buffer.NewWorkId();
            buffer.RecordActivity();
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

        public void RunSendOrPostCallback(object? state)
        {
            var buffer = Begin();
            try { ((SendOrPostCallback)_work)(state); } finally { buffer.WriteWork(WorkEvent.End, _id); }
        }

        public void RunContextCallback(object? state)
        {
            var buffer = Begin();
            try { ((ContextCallback)_work)(state); } finally { buffer.WriteWork(WorkEvent.End, _id); }
        }

        public void RunWaitOrTimerCallback(object? state, bool timedOut)
        {
            var buffer = Begin();
            try { ((WaitOrTimerCallback)_work)(state, timedOut); } finally { buffer.WriteWork(WorkEvent.End, _id); }
        }

#if NETCOREAPP3_0_OR_GREATER
        public void RunWorkItem(IThreadPoolWorkItem item)
        {
            var buffer = Begin();
            try { item.Execute(); } finally { buffer.WriteWork(WorkEvent.End, _id); }
        }
#endif

        private ThreadBuffer Begin()
        {
            var buffer = CurrentBuffer();
            buffer.WriteWork(WorkEvent.Begin, _id);
            return buffer;
        }
    }
}
