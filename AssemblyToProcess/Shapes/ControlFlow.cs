using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace AssemblyToProcess.Shapes;

/// <summary>params, optional arguments, recursion, goto, switch expressions, patterns.</summary>
public static class ControlFlow
{
    public static int Sum(params int[] values)
    {
        int total = 0;
        foreach (int v in values) total += v;
        return total;
    }

    public static string Greet(string name, string greeting = "hello", int times = 1)
    {
        string result = "";
        for (int i = 0; i < times; i++) result += greeting + " " + name + ";";
        return result;
    }

    public static long Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);

    public static int Fib(int n)
    {
        if (n < 2) return n;
        return Fib(n - 1) + Fib(n - 2);
    }

    public static bool IsEven(int n) => n == 0 || IsOdd(n - 1);

    public static bool IsOdd(int n) => n != 0 && IsEven(n - 1);

    public static int ThrowAtDepth(int depth)
    {
        if (depth == 0) throw new InvalidOperationException("bottom");
        return ThrowAtDepth(depth - 1) + 1;
    }

    public static int GotoLoop(int n)
    {
        int i = 0;
        int total = 0;
    top:
        if (i >= n) goto done;
        total += i;
        i++;
        if (total > 1000) goto overflow;
        goto top;
    overflow:
        return -total;
    done:
        return total;
    }

    public static string Describe(object? value) => value switch
    {
        null => "null",
        int i when i < 0 => "negative int",
        int i => "int " + i,
        string { Length: 0 } => "empty string",
        string s => "string " + s,
        Vec2 { X: 0, Y: 0 } => "origin",
        _ => "other " + value.GetType().Name,
    };

    public static string Quadrant(int x, int y) => (x >= 0, y >= 0) switch
    {
        (true, true) => "I",
        (false, true) => "II",
        (false, false) => "III",
        (true, false) => "IV",
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void NotInlined()
    {
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Inlined(int x) => x + 1;
}

/// <summary>A hand-written struct enumerator: its MoveNext is an ordinary method, <c>Bag.Enumerator.MoveNext</c>.</summary>
public sealed class Bag
{
    private readonly int[] _items;

    public Bag(params int[] items)
    {
        _items = items;
    }

    public Enumerator GetEnumerator() => new Enumerator(_items);

    public struct Enumerator
    {
        private readonly int[] _items;
        private int _index;

        public Enumerator(int[] items)
        {
            _items = items;
            _index = -1;
        }

        public readonly int Current => _items[_index];

        public bool MoveNext() => ++_index < _items.Length;
    }
}

public static class Outer
{
    public sealed class Inner
    {
        private readonly string _tag;

        public Inner(string tag)
        {
            _tag = tag;
        }

        public string Run() => "inner " + _tag;

        public static class Deepest
        {
            public static int Run(int x) => x - 1;
        }
    }
}

/// <summary>A class with a finalizer. Dispose suppresses it; an undisposed instance is finalized on the finalizer thread.</summary>
public sealed class Handle : IDisposable
{
    private static int s_finalized;
    private readonly List<string>? _log;

    public Handle(List<string>? log)
    {
        _log = log;
    }

    ~Handle()
    {
        Release(false);
    }

    public static int Finalized => s_finalized;

    public void Dispose()
    {
        Release(true);
        GC.SuppressFinalize(this);
    }

    private void Release(bool disposing)
    {
        if (disposing) _log?.Add("released");
        else System.Threading.Interlocked.Increment(ref s_finalized);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Abandon()
    {
        _ = new Handle(null);
    }
}

public static partial class PartialShapes
{
    static partial void OnCalled(List<string> log);

    static partial void NeverImplemented(List<string> log);

    public static int Call(List<string> log)
    {
        OnCalled(log);
        NeverImplemented(log);
        return log.Count;
    }
}

public static partial class PartialShapes
{
    static partial void OnCalled(List<string> log)
    {
        log.Add("partial implemented");
    }
}

public static class StringExtensions
{
    public static string Shout(this string text) => text.ToUpperInvariant() + "!";

    public static int CountOf(this string text, char c)
    {
        int n = 0;
        foreach (char ch in text)
        {
            if (ch == c) n++;
        }
        return n;
    }
}
