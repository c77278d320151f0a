using System;
using System.Collections.Generic;
using System.Threading;

namespace AssemblyToProcess.Shapes;

/// <summary>Methods with several <c>return</c>s, from every kind of block the weaver must turn into <c>leave</c>.</summary>
public static class Returns
{
    public static void VoidWithEarlyReturns(int x, List<string> log)
    {
        if (x < 0)
        {
            log.Add("negative");
            return;
        }
        if (x == 0)
        {
            log.Add("zero");
            return;
        }
        log.Add("positive");
    }

    public static string Classify(int x)
    {
        if (x < 0) return "negative";
        if (x == 0) return "zero";
        if (x < 10) return "small";
        return "large";
    }

    public static int IndexInForLoop(int[] items, int target)
    {
        for (int i = 0; i < items.Length; i++)
        {
            if (items[i] == target) return i;
        }
        return -1;
    }

    public static int FirstNegativeInForeach(List<int> items)
    {
        // foreach over List<T> is a try/finally around the struct enumerator: the return leaves it.
        foreach (int item in items)
        {
            if (item < 0) return item;
        }
        return 0;
    }

    public static int ReturnFromNestedLoops(int limit)
    {
        for (int i = 1; i < 100; i++)
        {
            int j = 1;
            while (j < 100)
            {
                if (i * j > limit) return i * 1000 + j;
                j++;
            }
        }
        return 0;
    }

    public static string InSwitchStatement(int x)
    {
        switch (x)
        {
            case 1:
                return "one";
            case 2:
            case 3:
                return "two or three";
            default:
                if (x > 100) return "big";
                break;
        }
        return "other";
    }

    public static int InsideUsing(int x, List<string> log)
    {
        using (var resource = new TrackedResource("a", log))
        {
            if (x > 0) return resource.Use(x);
            return -1;
        }
    }

    public static int InsideUsingDeclaration(int x, List<string> log)
    {
        using var resource = new TrackedResource("b", log);
        if (x > 0) return resource.Use(x) + 1;
        return -2;
    }

    public static int InsideLockOnObject(int x)
    {
        object gate = new object();
        lock (gate)
        {
            if (x % 2 == 0) return x / 2;
            return x * 3 + 1;
        }
    }

    public static int InsideLockOnLock(int x)
    {
        // System.Threading.Lock: the compiler emits EnterScope() and a try/finally around Scope.Dispose().
        Lock gate = new Lock();
        lock (gate)
        {
            if (x > 10) return x - 10;
            return x + 10;
        }
    }

    public static int InsideTryFinally(int x, List<string> log)
    {
        try
        {
            if (x > 5) return x - 5;
            return x;
        }
        finally
        {
            log.Add("finally " + x);
        }
    }

    public static int InsideTryCatch(string text)
    {
        try
        {
            return int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            return -1;
        }
    }

    public static void Empty()
    {
    }

    public static int ExpressionBodied(int x) => x * 2 + 1;

    public static void ExpressionBodiedVoid(List<string> log) => log.Add("expr");
}

public sealed class TrackedResource : IDisposable
{
    private readonly string _name;
    private readonly List<string> _log;

    public TrackedResource(string name, List<string> log)
    {
        _name = name;
        _log = log;
        _log.Add("open " + name);
    }

    public int Use(int x)
    {
        _log.Add("use " + _name);
        return x * 10;
    }

    public void Dispose()
    {
        _log.Add("close " + _name);
    }
}
