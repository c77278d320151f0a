using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AssemblyToProcess.Shapes;

/// <summary>
/// async methods. The kickoff stub is not traced; each call of the state machine's MoveNext is, under the
/// method's own name. A method whose awaits all complete synchronously runs MoveNext once; each await of an
/// incomplete task adds one more MoveNext, on whichever thread runs the continuation.
/// </summary>
public static class AsyncShapes
{
    public static async Task<int> CompletedSynchronously(int x)
    {
        await Task.CompletedTask;
        int y = await Task.FromResult(x * 2);
        return y + 1;
    }

    public static async Task<int> Chain(int x)
    {
        int a = await CompletedSynchronously(x);
        int b = await CompletedSynchronously(a);
        return a + b;
    }

    public static async Task NoResult(List<string> log)
    {
        log.Add("before");
        await Task.CompletedTask.ConfigureAwait(false);
        log.Add("after");
    }

    public static async ValueTask<int> ValueTaskResult(int x)
    {
        int y = await new ValueTask<int>(x + 1);
        return y * 3;
    }

    public static async ValueTask ValueTaskNoResult(List<string> log)
    {
        await default(ValueTask);
        log.Add("valuetask");
    }

    public static async Task<int> ThrowsAfterAwait(int x)
    {
        await Task.CompletedTask;
        if (x > 0) throw new InvalidOperationException("async boom " + x);
        return x;
    }

    public static async Task<string> TryFinallyAroundAwait(List<string> log)
    {
        try
        {
            await Task.CompletedTask;
            return "done";
        }
        finally
        {
            log.Add("async finally");
        }
    }

    /// <summary>async void: completes synchronously here, so it cannot crash the process.</summary>
    public static async void FireAndForget(List<string> log)
    {
        await Task.CompletedTask;
        log.Add("fired");
    }

    public static int AsyncLambdaAndLocalFunction(int x)
    {
        // <>c.<AsyncLambdaAndLocalFunction>b__8_0 is the lambda's kickoff stub (not traced); its state machine
        // <>c.<<AsyncLambdaAndLocalFunction>b__8_0>d.MoveNext → AsyncShapes.AsyncLambdaAndLocalFunction.lambda1
        Func<int, Task<int>> doubleAsync = async v =>
        {
            await Task.CompletedTask;
            return v * 2;
        };
        int a = doubleAsync(x).GetAwaiter().GetResult();
        int b = AddOneAsync(a).GetAwaiter().GetResult();
        return b;

        // <<AsyncLambdaAndLocalFunction>g__AddOneAsync|8_1>d.MoveNext → AsyncShapes.AsyncLambdaAndLocalFunction.AddOneAsync
        static async Task<int> AddOneAsync(int v)
        {
            await Task.CompletedTask;
            return v + 1;
        }
    }

    // Genuinely asynchronous: continuations run on the thread pool. The delays are 10 ms rather than 1 ms so that
    // the timer cannot fire before the await looks at the task, even on a loaded machine (that would complete the
    // await synchronously and change the MoveNext count).
    public static async Task<int> DelayThenAdd(int x)
    {
        await Task.Delay(10);
        return x + 1;
    }

    public static async Task<int> YieldThenDouble(int x)
    {
        await Task.Yield();
        return x * 2;
    }

    public static async Task<int> TwoDelays(int x)
    {
        int a = await DelayThenAdd(x);
        await Task.Delay(10).ConfigureAwait(false);
        return a + await DelayThenAdd(a);
    }

    public static async Task<int> RunOnPool(int n, ManualResetEventSlim gate)
    {
        // <>c__DisplayClass12_0.<RunOnPool>b__0 → AsyncShapes.RunOnPool.lambda1, run by Task.Run on a pool thread.
        // The work waits for a gate the caller opens after this method has returned its task, so the await below
        // always finds the task incomplete: MoveNext runs exactly twice.
        int total = await Task.Run(() =>
        {
            gate.Wait();
            return Work(n);
        });
        return total;
    }

    public static int Work(int n)
    {
        int total = 0;
        for (int i = 1; i <= n; i++) total += i;
        return total;
    }
}

/// <summary>Iterators: each MoveNext is traced under the iterator's name; n items enumerated to the end = n+1 calls.</summary>
public static class IteratorShapes
{
    public static IEnumerable<int> Range(int start, int count)
    {
        for (int i = 0; i < count; i++) yield return start + i;
    }

    public static IEnumerable<string> WithFinally(List<string> log)
    {
        // The finally body is compiled into <WithFinally>d__1.<>m__Finally1, run from Dispose on an early break:
        // state machine plumbing, not traced; Note() called from it is.
        try
        {
            yield return "a";
            yield return "b";
            yield return "c";
        }
        finally
        {
            Note(log, "iterator finally");
        }
    }

    public static void Note(List<string> log, string text) => log.Add(text);

    public static IEnumerable<int> Empty()
    {
        yield break;
    }

    public static async IAsyncEnumerable<int> CountAsync(int count)
    {
        for (int i = 1; i <= count; i++)
        {
            await Task.CompletedTask;
            yield return i * 10;
        }
    }

    public static async Task<int> SumAsync(int count)
    {
        int sum = 0;
        await foreach (int v in CountAsync(count)) sum += v;
        return sum;
    }
}
