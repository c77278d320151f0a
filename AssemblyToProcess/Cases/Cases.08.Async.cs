using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AssemblyToProcess.Shapes;

namespace AssemblyToProcess;

// async methods and iterators: the kickoff stub is not traced, each MoveNext call is, under the user's method name.
// The cases without [AnyThread] only await completed tasks, so every MoveNext runs on the case thread.
public static partial class Cases
{
    [ExpectCall(C + "AsyncCompletedSynchronously", 1)]
    [ExpectCall(S + "AsyncShapes.CompletedSynchronously", 3)]
    [ExpectCall(S + "AsyncShapes.Chain", 1)]
    [ExpectCall(S + "AsyncShapes.NoResult", 1)]
    public static string AsyncCompletedSynchronously()
    {
        var log = new List<string>();
        int a = AsyncShapes.CompletedSynchronously(4).GetAwaiter().GetResult();
        int b = AsyncShapes.Chain(1).GetAwaiter().GetResult();
        AsyncShapes.NoResult(log).GetAwaiter().GetResult();
        return a + "," + b + "," + string.Join(",", log);
    }

    [ExpectCall(C + "AsyncValueTask", 1)]
    [ExpectCall(S + "AsyncShapes.ValueTaskResult", 1)]
    [ExpectCall(S + "AsyncShapes.ValueTaskNoResult", 1)]
    public static string AsyncValueTask()
    {
        var log = new List<string>();
        int a = AsyncShapes.ValueTaskResult(4).GetAwaiter().GetResult();
        AsyncShapes.ValueTaskNoResult(log).GetAwaiter().GetResult();
        return a + "," + string.Join(",", log);
    }

    [ExpectCall(C + "AsyncExceptions", 1)]
    [ExpectCall(S + "AsyncShapes.ThrowsAfterAwait", 2)]
    [ExpectCall(S + "AsyncShapes.TryFinallyAroundAwait", 1)]
    public static string AsyncExceptions()
    {
        var log = new List<string>();
        string a;
        try
        {
            a = "returned " + AsyncShapes.ThrowsAfterAwait(2).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            a = "threw " + e.GetType().Name + ": " + e.Message;
        }
        int b = AsyncShapes.ThrowsAfterAwait(0).GetAwaiter().GetResult();
        string c = AsyncShapes.TryFinallyAroundAwait(log).GetAwaiter().GetResult();
        return a + "; " + b + "," + c + "," + string.Join(",", log);
    }

    [ExpectCall(C + "AsyncVoid", 1)]
    [ExpectCall(S + "AsyncShapes.FireAndForget", 1)]
    public static string AsyncVoid()
    {
        var log = new List<string>();
        AsyncShapes.FireAndForget(log);
        return string.Join(",", log);
    }

    /// <summary>
    /// &lt;&gt;c.&lt;&lt;AsyncLambdaAndLocalFunction&gt;b__8_0&gt;d.MoveNext → .lambda1;
    /// &lt;&lt;AsyncLambdaAndLocalFunction&gt;g__AddOneAsync|8_1&gt;d.MoveNext → .AddOneAsync.
    /// </summary>
    [ExpectCall(C + "AsyncLambdaAndLocalFunction", 1)]
    [ExpectCall(S + "AsyncShapes.AsyncLambdaAndLocalFunction", 1)]
    [ExpectCall(S + "AsyncShapes.AsyncLambdaAndLocalFunction.lambda1", 1)]
    [ExpectCall(S + "AsyncShapes.AsyncLambdaAndLocalFunction.AddOneAsync", 1)]
    public static string AsyncLambdaAndLocalFunction()
    {
        return "" + AsyncShapes.AsyncLambdaAndLocalFunction(5);
    }

    /// <summary>First MoveNext on the case thread, the second on a pool thread after the delay.</summary>
    [AnyThread]
    [ExpectCall(C + "AsyncAwaitDelay", 1)]
    [ExpectCall(S + "AsyncShapes.DelayThenAdd", 2)]
    public static string AsyncAwaitDelay()
    {
        return "" + AsyncShapes.DelayThenAdd(1).GetAwaiter().GetResult();
    }

    [AnyThread]
    [ExpectCall(C + "AsyncAwaitYield", 1)]
    [ExpectCall(S + "AsyncShapes.YieldThenDouble", 2)]
    public static string AsyncAwaitYield()
    {
        return "" + AsyncShapes.YieldThenDouble(4).GetAwaiter().GetResult();
    }

    /// <summary>TwoDelays suspends three times (two DelayThenAdd calls and one Task.Delay): 4 MoveNext calls.</summary>
    [AnyThread]
    [ExpectCall(C + "AsyncNestedDelays", 1)]
    [ExpectCall(S + "AsyncShapes.TwoDelays", 4)]
    [ExpectCall(S + "AsyncShapes.DelayThenAdd", 4)]
    public static string AsyncNestedDelays()
    {
        return "" + AsyncShapes.TwoDelays(1).GetAwaiter().GetResult();
    }

    [AnyThread]
    [ExpectCall(C + "TaskRunAwaited", 1)]
    [ExpectCall(S + "AsyncShapes.RunOnPool", 2)]
    [ExpectCall(S + "AsyncShapes.RunOnPool.lambda1", 1)]
    [ExpectCall(S + "AsyncShapes.Work", 1)]
    public static string TaskRunAwaited()
    {
        using var gate = new ManualResetEventSlim(false);
        Task<int> task = AsyncShapes.RunOnPool(100, gate);
        gate.Set();
        return "" + task.GetAwaiter().GetResult();
    }

    /// <summary>Cases/&lt;&gt;c__DisplayClassN_0.&lt;SpawnedThread&gt;b__0 runs on a thread the case starts and joins.</summary>
    [AnyThread]
    [ExpectCall(C + "SpawnedThread", 1)]
    [ExpectCall(C + "SpawnedThread.lambda1", 1)]
    [ExpectCall(S + "AsyncShapes.Work", 1)]
    public static string SpawnedThread()
    {
        int result = 0;
        var thread = new Thread(() => result = AsyncShapes.Work(10)) { Name = "spawned" };
        thread.Start();
        thread.Join();
        return "" + result;
    }

    /// <summary>Range(10, 3): 3 items + the final false = 4 MoveNext calls; Empty(): 1.</summary>
    [ExpectCall(C + "IteratorFullEnumeration", 1)]
    [ExpectCall(S + "IteratorShapes.Range", 4)]
    [ExpectCall(S + "IteratorShapes.Empty", 1)]
    public static string IteratorFullEnumeration()
    {
        var seen = new List<int>();
        foreach (int v in IteratorShapes.Range(10, 3)) seen.Add(v);
        foreach (int v in IteratorShapes.Empty()) seen.Add(v);
        return string.Join(",", seen);
    }

    /// <summary>
    /// Full run of WithFinally: 4 MoveNext calls, the finally runs inside the last one. Early break after "b":
    /// 2 MoveNext calls, then Dispose runs &lt;&gt;m__Finally1 (plumbing, not traced), which calls Note.
    /// </summary>
    [ExpectCall(C + "IteratorFinally", 1)]
    [ExpectCall(S + "IteratorShapes.WithFinally", 6)]
    [ExpectCall(S + "IteratorShapes.Note", 2)]
    public static string IteratorFinally()
    {
        var log = new List<string>();
        var seen = new List<string>();
        foreach (string s in IteratorShapes.WithFinally(log)) seen.Add(s);
        seen.Add("|");
        foreach (string s in IteratorShapes.WithFinally(log))
        {
            if (s == "b") break;
            seen.Add(s);
        }
        return string.Join(",", seen) + "," + string.Join(",", log);
    }

    /// <summary>
    /// await foreach over 3 items: MoveNextAsync runs MoveNext 4 times; DisposeAsync of a finished iterator does not.
    /// </summary>
    [ExpectCall(C + "AsyncIterator", 1)]
    [ExpectCall(S + "IteratorShapes.SumAsync", 1)]
    [ExpectCall(S + "IteratorShapes.CountAsync", 4)]
    public static string AsyncIterator()
    {
        return "" + IteratorShapes.SumAsync(3).GetAwaiter().GetResult();
    }
}
