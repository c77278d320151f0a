using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace AssemblyToProcess.Logical;

// Start sites beyond Task.Run and the thread pool (issue #13): continuations, posts, registrations and the like.
// Each scenario hands callbacks that call Scenarios.Child to one API; Tests/Async/LogicalTreeTests states that each
// callback hangs under the scenario that scheduled it, once per run.

public static class StartSites
{
    public static void RunAll()
    {
        ContinueWithOverloads();
        ContinueWithResult();
        ContinueWhenAllAndAny();
        SynchronizationContextPost();
        SynchronizationContextSend();
        DerivedContextPost();
        CancellationRegister();
        SchedulerStartNew();
        UnsafeStartThread();
        WorkItem();
        GenericPoolItem();
        ExecutionContextRun();
        FromAsync();
        RegisterWait();
        RequeuedTimer();
    }

    /// <summary>Every shape of Task.ContinueWith: lambda1 … lambda8, each run once.</summary>
    public static void ContinueWithOverloads()
    {
        Task done = Task.CompletedTask;
        done.ContinueWith(_ => Scenarios.Child()).Wait();
        done.ContinueWith((_, state) => Scenarios.Child(), "state").Wait();
        done.ContinueWith(_ => Scenarios.Child(), CancellationToken.None).Wait();
        done.ContinueWith(_ => Scenarios.Child(), TaskContinuationOptions.ExecuteSynchronously).Wait();
        done.ContinueWith(_ => Scenarios.Child(), TaskScheduler.Default).Wait();
        done.ContinueWith(_ => Scenarios.Child(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Wait();
        done.ContinueWith(_ => { Scenarios.Child(); return 1; }).Wait();
        done.ContinueWith((_, state) => { Scenarios.Child(); return (int)state!; }, 2, CancellationToken.None).Wait();
    }

    /// <summary>Task&lt;T&gt;.ContinueWith: lambda1 … lambda4.</summary>
    public static void ContinueWithResult()
    {
        Task<int> three = Task.Delay(10).ContinueWith(_ => 3, TaskContinuationOptions.ExecuteSynchronously);
        Task<int> four = Task.FromResult(4);
        three.ContinueWith(t => Scenarios.Child()).Wait();
        four.ContinueWith((t, state) => Scenarios.Child(), "state", TaskScheduler.Default).Wait();
        four.ContinueWith(t => { Scenarios.Child(); return t.Result; }, TaskContinuationOptions.None).Wait();
        four.ContinueWith((t, state) => { Scenarios.Child(); return t.Result + (int)state!; }, 1, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Wait();
    }

    /// <summary>TaskFactory and TaskFactory&lt;T&gt; ContinueWhenAll / ContinueWhenAny, generic and not: lambda2 … lambda7 (lambda1 makes the antecedents).</summary>
    public static void ContinueWhenAllAndAny()
    {
        Task<int>[] tasks = { Task.Run(() => 1), Task.FromResult(2) };
        Task.Factory.ContinueWhenAll(new Task[] { tasks[0], tasks[1] }, all => Scenarios.Child()).Wait();
        Task.Factory.ContinueWhenAny(tasks, any => Scenarios.Child()).Wait();
        Task.Factory.ContinueWhenAll<int>(tasks, all => Scenarios.Child()).Wait();
        Task.Factory.ContinueWhenAny(tasks, any => { Scenarios.Child(); return 1; }).Wait();
        new TaskFactory<int>().ContinueWhenAll(tasks, all => { Scenarios.Child(); return all.Length; }).Wait();
        new TaskFactory<int>().ContinueWhenAny(new Task[] { tasks[0] }, any => { Scenarios.Child(); return 0; }).Wait();
    }

    /// <summary>The base SynchronizationContext posts to the thread pool.</summary>
    public static void SynchronizationContextPost()
    {
        using var done = new ManualResetEventSlim();
        new SynchronizationContext().Post(_ => { Scenarios.Child(); done.Set(); }, null);
        done.Wait();
    }

    /// <summary>Send runs the callback right away.</summary>
    public static void SynchronizationContextSend()
    {
        new SynchronizationContext().Send(_ => Scenarios.Child(), null);
    }

    /// <summary>A context of the program's own, called through its own type: its loop thread runs the posted callback.</summary>
    public static void DerivedContextPost()
    {
        using var context = new LoopContext();
        using var done = new ManualResetEventSlim();
        context.Post(_ => { Scenarios.Child(); done.Set(); }, null);
        done.Wait();
    }

    /// <summary>CancellationToken.Register and UnsafeRegister, every overload: lambda1 … lambda7, run by Cancel.</summary>
    public static void CancellationRegister()
    {
        using var source = new CancellationTokenSource();
        CancellationToken token = source.Token;
        token.Register(() => Scenarios.Child());
        token.Register(() => Scenarios.Child(), useSynchronizationContext: false);
        token.Register(state => Scenarios.Child(), "state");
        token.Register(state => Scenarios.Child(), "state", useSynchronizationContext: false);
        token.Register((state, cancelled) => Scenarios.Child(), "state");
        token.UnsafeRegister(state => Scenarios.Child(), "state");
        token.UnsafeRegister((state, cancelled) => Scenarios.Child(), "state");
        source.Cancel();
    }

    /// <summary>StartNew on a TaskScheduler of the program's own (a thread of its own), by both factories.</summary>
    public static void SchedulerStartNew()
    {
        using var scheduler = new LoopScheduler();
        Task.Factory.StartNew(() => Scenarios.Child(), CancellationToken.None, TaskCreationOptions.None, scheduler).Wait();
        new TaskFactory(scheduler).StartNew(() => Scenarios.Child()).Wait();
    }

    /// <summary>Thread.UnsafeStart, with and without a parameter: the delegates were wrapped when the threads were made.</summary>
    public static void UnsafeStartThread()
    {
        var plain = new Thread(Scenarios.Child);
        plain.UnsafeStart();
        plain.Join();
        var parameterized = new Thread(state => Scenarios.Child());
        parameterized.UnsafeStart("state");
        parameterized.Join();
    }

    /// <summary>ThreadPool.UnsafeQueueUserWorkItem with an IThreadPoolWorkItem: the item's Execute hangs here.</summary>
    public static void WorkItem()
    {
        using var done = new ManualResetEventSlim();
        ThreadPool.UnsafeQueueUserWorkItem(new ChildWorkItem(done), preferLocal: false);
        done.Wait();
    }

    /// <summary>ThreadPool.QueueUserWorkItem&lt;TState&gt; with its state passed through.</summary>
    public static void GenericPoolItem()
    {
        using var done = new ManualResetEventSlim();
        ThreadPool.QueueUserWorkItem(state => { Scenarios.Child(); state.Set(); }, done, preferLocal: false);
        done.Wait();
    }

    public static void ExecutionContextRun()
    {
        ExecutionContext.Run(ExecutionContext.Capture()!, state => Scenarios.Child(), null);
    }

    /// <summary>TaskFactory.FromAsync: the end method (lambda1, lambda2) is the work; the begin method runs inside FromAsync.</summary>
    public static void FromAsync()
    {
        var stream = new MemoryStream(new byte[16]);
        var buffer = new byte[4];
        Task.Factory.FromAsync(stream.BeginRead(buffer, 0, 4, null, null), result => { Scenarios.Child(); stream.EndRead(result); }).Wait();
        Task<int>.Factory.FromAsync(stream.BeginRead, result => { Scenarios.Child(); return stream.EndRead(result); }, buffer, 0, 4, null).Wait();
    }

    /// <summary>RegisterWaitForSingleObject and its Unsafe variant: lambda1, lambda2, each run once when the event is set.</summary>
    public static void RegisterWait()
    {
        using var signal = new ManualResetEvent(false);
        using var first = new ManualResetEventSlim();
        using var second = new ManualResetEventSlim();
        RegisteredWaitHandle a = ThreadPool.RegisterWaitForSingleObject(signal, (state, timedOut) => { Scenarios.Child(); first.Set(); }, null, Timeout.Infinite, executeOnlyOnce: true);
        RegisteredWaitHandle b = ThreadPool.UnsafeRegisterWaitForSingleObject(signal, (state, timedOut) => { Scenarios.Child(); second.Set(); }, null, Timeout.Infinite, executeOnlyOnce: true);
        signal.Set();
        first.Wait();
        second.Wait();
        a.Unregister(null);
        b.Unregister(null);
    }

    public const int TimerTicks = 20;

    /// <summary>A timer whose callback re-arms it: the one callback (lambda1) runs <see cref="TimerTicks"/> times, all under this frame.</summary>
    public static void RequeuedTimer()
    {
        using var done = new ManualResetEventSlim();
        int ticks = 0;
        Timer? timer = null;
        timer = new Timer(_ =>
        {
            Tick();
            if (Interlocked.Increment(ref ticks) < TimerTicks) timer!.Change(1, Timeout.Infinite);
            else done.Set();
        }, null, Timeout.Infinite, Timeout.Infinite);
        timer.Change(1, Timeout.Infinite);
        done.Wait();
        timer.Dispose();
    }

    public static void Tick() => Thread.SpinWait(100);

    public const int ChainSteps = 100_000;

    /// <summary>
    /// Reactive style: each step does its work and queues the next step, <see cref="ChainSteps"/> steps in all
    /// (<c>AssemblyToProcess --chain</c>, a trace of its own: its logical tree is that many levels deep unless folded).
    /// </summary>
    public static void SelfReschedulingChain()
    {
        using var done = new ManualResetEventSlim();
        ThreadPool.UnsafeQueueUserWorkItem(new ChainStep(ChainSteps, done), preferLocal: true);
        done.Wait();
    }
}

public sealed class ChildWorkItem : IThreadPoolWorkItem
{
    private readonly ManualResetEventSlim _done;

    public ChildWorkItem(ManualResetEventSlim done)
    {
        _done = done;
    }

    public void Execute()
    {
        Scenarios.Child();
        _done.Set();
    }
}

/// <summary>One step of a self-rescheduling chain: Execute runs Step, which queues the next step.</summary>
public sealed class ChainStep : IThreadPoolWorkItem
{
    private readonly int _remaining;
    private readonly ManualResetEventSlim _done;

    public ChainStep(int remaining, ManualResetEventSlim done)
    {
        _remaining = remaining;
        _done = done;
    }

    public void Execute() => Step();

    private void Step()
    {
        if (_remaining == 1)
        {
            _done.Set();
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(new ChainStep(_remaining - 1, _done), preferLocal: true);
    }
}

/// <summary>A SynchronizationContext running posted callbacks on a thread of its own, in order.</summary>
public sealed class LoopContext : SynchronizationContext, IDisposable
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly Thread _thread;

    public LoopContext()
    {
        _thread = new Thread(Loop) { Name = "loop context" };
        _thread.Start();
    }

    public override void Post(SendOrPostCallback d, object? state) => _queue.Add((d, state));

    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join();
        _queue.Dispose();
    }

    private void Loop()
    {
        foreach (var (callback, state) in _queue.GetConsumingEnumerable()) callback(state);
    }
}

/// <summary>A TaskScheduler running its tasks on a thread of its own.</summary>
public sealed class LoopScheduler : TaskScheduler, IDisposable
{
    private readonly BlockingCollection<Task> _queue = new();
    private readonly Thread _thread;

    public LoopScheduler()
    {
        _thread = new Thread(Loop) { Name = "loop scheduler" };
        _thread.Start();
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join();
        _queue.Dispose();
    }

    protected override void QueueTask(Task task) => _queue.Add(task);

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

    private void Loop()
    {
        foreach (var task in _queue.GetConsumingEnumerable()) TryExecuteTask(task);
    }
}
