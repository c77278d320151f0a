using System;
using System.Collections.Generic;
using System.Numerics;
using System.Threading.Tasks;

namespace AssemblyToProcess.Shapes;

[CloseWith(typeof(int))]
[CloseWith(typeof(string))]
public sealed class Repo<T>
{
    private readonly List<T> _items;

    public Repo()
    {
        _items = new List<T>();
    }

    public int Count => _items.Count;

    public void Add(T item)
    {
        _items.Add(item);
    }

    public T Get(int index) => _items[index];

    /// <summary>A generic method inside a generic type: <c>Repo&lt;T&gt;.Project&lt;TOut&gt;</c>.</summary>
    [CloseWith(typeof(string))]
    public List<TOut> Project<TOut>(Func<T, TOut> map)
    {
        var result = new List<TOut>();
        foreach (T item in _items) result.Add(map(item));
        return result;
    }

    /// <summary>An async method of a generic type (its state machine is generic too).</summary>
    public async Task<T> GetAsync(int index)
    {
        await Task.CompletedTask;
        return _items[index];
    }

    /// <summary>An iterator of a generic type.</summary>
    public IEnumerable<T> Reversed()
    {
        for (int i = _items.Count - 1; i >= 0; i--) yield return _items[i];
    }
}

public static class Util
{
    /// <summary>Calls through <c>constrained.</c> on a type parameter.</summary>
    [CloseWith(typeof(int))]
    [CloseWith(typeof(string))]
    public static T Max<T>(T a, T b)
        where T : IComparable<T>
        => a.CompareTo(b) >= 0 ? a : b;

    [CloseWith(typeof(int), typeof(string))]
    public static TOut Map<TIn, TOut>(TIn input, Func<TIn, TOut> map) => map(input);

    [CloseWith(typeof(object))]
    public static T Create<T>()
        where T : new()
        => new T();

    [CloseWith(typeof(int))]
    [CloseWith(typeof(string))]
    public static string Show<T>(T value) => value?.ToString() ?? "null";

    [CloseWith(typeof(int))]
    public static void Swap<T>(ref T a, ref T b)
    {
        T t = a;
        a = b;
        b = t;
    }

    /// <summary>Static abstract interface members: <c>T.Zero</c> and <c>+</c> are constrained calls.</summary>
    [CloseWith(typeof(int))]
    [CloseWith(typeof(long))]
    public static T Sum<T>(T[] values)
        where T : INumber<T>
    {
        T total = T.Zero;
        foreach (T v in values) total += v;
        return total;
    }
}

[CloseWith(typeof(string), typeof(int))]
public sealed class Pair<TKey, TValue>
{
    public Pair(TKey key, TValue value)
    {
        Key = key;
        Value = value;
    }

    public TKey Key { get; }

    public TValue Value { get; }

    public Pair<TValue, TKey> Flip() => new Pair<TValue, TKey>(Value, Key);

    public override string ToString() => Key + "=" + Value;
}

/// <summary>A non-generic type nested in a generic one: named <c>Tree&lt;T&gt;.Node</c>.</summary>
[CloseWith(typeof(int))]
public sealed class Tree<T>
{
    public Tree(T rootValue)
    {
        Root = new Node(rootValue);
    }

    public Node Root { get; }

    public sealed class Node
    {
        private readonly List<Node> _children;

        public Node(T value)
        {
            Value = value;
            _children = new List<Node>();
        }

        public T Value { get; }

        public Node AddChild(T value)
        {
            var child = new Node(value);
            _children.Add(child);
            return child;
        }

        public int Depth()
        {
            int max = 0;
            foreach (Node child in _children) max = Math.Max(max, child.Depth());
            return max + 1;
        }
    }
}

[CloseWith(typeof(int))]
[CloseWith(typeof(string))]
public readonly struct Maybe<T>
{
    private readonly T _value;
    private readonly bool _hasValue;

    public Maybe(T value)
    {
        _value = value;
        _hasValue = true;
    }

    public T GetOr(T fallback) => _hasValue ? _value : fallback;
}
