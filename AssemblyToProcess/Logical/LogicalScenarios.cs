using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AssemblyToProcess.Logical;

// The logical call tree across awaits and threads (issue #3): `AssemblyToProcess --logical` runs every scenario
// from Program.Main on the main thread. Tests/Async/LogicalTreeTests states the tree each one must produce:
// async methods once under their caller for their whole duration, started work under the frame that started it.

public static class Scenarios
{
    public static void RunAll()
    {
        AwaitTwice();
        ContinuationAfterAwait();
        RunChild();
        RunOverloads();
        Throwing();
        ThrowsBeforeAwait();
        NewThread();
        ParameterizedThread();
        Pool();
        UnsafePool();
        ParallelFor();
        ParallelForEach();
        ParallelInvoke();
        TimerCallback();
        StartNew();
        FactoryInstance();
        NewTask();
        ConfigureAwaitFalse();
        AsyncVoid();
        Generic();
        AsyncLambda();
        AsyncLocalFunction();
        AsyncStream();
        Cancelled();
        SyncCompletion();
        ValueTasks();
        ValueTaskNoResult();
        Iterator();
        StoredDelegate();
        StartSites.RunAll();
    }

    public static void Child() => Thread.Sleep(20);

    public static void AwaitTwice() => Outer().GetAwaiter().GetResult();

    public static async Task Outer() => await Inner();

    public static async Task<int> Inner()
    {
        await Task.Delay(100);
        await Task.Delay(100);
        return 1;
    }

    public static void ContinuationAfterAwait() => AwaitThenWork().GetAwaiter().GetResult();

    /// <summary>Delayed completes on a timer thread, and its SetResult runs the rest of this method there, inline.</summary>
    public static async Task AwaitThenWork()
    {
        await Delayed();
        Slow();
    }

    public static async Task Delayed() => await Task.Delay(50);

    public static void Slow() => Thread.Sleep(300);

    public static void RunChild() => Task.Run(() => Child()).Wait();

    public static void Throwing()
    {
        try { Throws().GetAwaiter().GetResult(); } catch (InvalidOperationException) { }
    }

    public static async Task Throws()
    {
        await Task.Delay(10);
        throw new InvalidOperationException("after await");
    }

    public static void ThrowsBeforeAwait()
    {
        try { ThrowsEarly(0).GetAwaiter().GetResult(); } catch (ArgumentException) { }
    }

    public static async Task ThrowsEarly(int x)
    {
        if (x == 0) throw new ArgumentException("before await");
        await Task.Delay(10);
    }

    public static void NewThread()
    {
        var thread = new Thread(Child);
        thread.Start();
        thread.Join();
    }

    public static void Pool()
    {
        using var done = new ManualResetEventSlim();
        ThreadPool.QueueUserWorkItem(_ => { Child(); done.Set(); });
        done.Wait();
    }

    public static void UnsafePool()
    {
        using var done = new ManualResetEventSlim();
        ThreadPool.UnsafeQueueUserWorkItem(_ => { Child(); done.Set(); }, null);
        done.Wait();
    }

    public static void ParallelFor() => Parallel.For(0, 4, _ => Child());

    public static void ParallelForEach() => Parallel.ForEach(new[] { 1, 2, 3 }, _ => Child());

    public static void ParallelInvoke() => Parallel.Invoke(Child, Child);

    public static void TimerCallback()
    {
        using var done = new ManualResetEventSlim();
        using var timer = new Timer(_ => { Child(); done.Set(); }, null, 10, Timeout.Infinite);
        done.Wait();
    }

    public static void StartNew() => Task.Factory.StartNew(Child).Wait();

    public static void NewTask()
    {
        var task = new Task(Child);
        task.Start();
        task.Wait();
    }

    public static void ConfigureAwaitFalse() => AwaitsElsewhere().GetAwaiter().GetResult();

    public static async Task AwaitsElsewhere()
    {
        await Task.Delay(10).ConfigureAwait(false);
        Child();
    }

    public static void AsyncVoid()
    {
        using var done = new ManualResetEventSlim();
        Fire(done);
        done.Wait();
    }

    public static async void Fire(ManualResetEventSlim done)
    {
        await Task.Delay(10);
        Child();
        done.Set();
    }

    public static void Generic() => new Box<int>().Get("x").GetAwaiter().GetResult();

    public static void AsyncLambda()
    {
        Func<Task> work = async () => { await Task.Delay(10); Child(); };
        work().GetAwaiter().GetResult();
    }

    public static void AsyncLocalFunction()
    {
        Local().GetAwaiter().GetResult();

        static async Task Local()
        {
            await Task.Delay(10);
            Child();
        }
    }

    public static void AsyncStream() => Sum().GetAwaiter().GetResult();

    public static async Task<int> Sum()
    {
        var sum = 0;
        await foreach (var x in Count()) sum += x;
        return sum;
    }

    public static async IAsyncEnumerable<int> Count()
    {
        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(5);
            yield return i;
        }
    }

    public static void Cancelled()
    {
        using var source = new CancellationTokenSource(30);
        try { Cancellable(source.Token).GetAwaiter().GetResult(); } catch (OperationCanceledException) { }
    }

    public static async Task Cancellable(CancellationToken token) => await Task.Delay(10_000, token);

    public static void SyncCompletion() => Completed().GetAwaiter().GetResult();

    public static async Task<int> Completed()
    {
        await Task.CompletedTask;
        return 1;
    }

    public static void ValueTasks() => ValueTaskResult().GetAwaiter().GetResult();

    public static async ValueTask<int> ValueTaskResult()
    {
        await Task.Delay(10);
        return 2;
    }

    /// <summary>Task.Run's other overloads: a result, an async lambda, a cancellation token.</summary>
    public static void RunOverloads()
    {
        Task.Run(() => { Child(); return 1; }).Wait();
        Task.Run(async () => { await Task.Delay(5); Child(); }).Wait();
        Task.Run(Child, CancellationToken.None).Wait();
    }

    public static void ParameterizedThread()
    {
        var thread = new Thread(state => Child());
        thread.Start("state");
        thread.Join();
    }

    public static void FactoryInstance() => new TaskFactory().StartNew(() => Child()).Wait();

    /// <summary>A sync iterator: each MoveNext is a call of Numbers under the loop that enumerates it.</summary>
    public static int Iterator()
    {
        var sum = 0;
        foreach (var n in Numbers()) sum += n;
        return sum;
    }

    public static IEnumerable<int> Numbers()
    {
        for (var i = 0; i < 3; i++)
        {
            Child();
            yield return i;
        }
    }

    public static void ValueTaskNoResult() => ValueTaskNothing().GetAwaiter().GetResult();

    public static async ValueTask ValueTaskNothing()
    {
        await Task.Delay(10);
    }

    /// <summary>A delegate only stored, then run on this thread: not spawned work.</summary>
    public static void StoredDelegate()
    {
        Action stored = Child;
        stored();
    }
}

public sealed class Box<T>
{
    public async Task<TOut> Get<TOut>(TOut value)
    {
        await Task.Delay(10);
        return value;
    }
}
