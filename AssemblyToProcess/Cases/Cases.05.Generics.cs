using System.Collections.Generic;
using AssemblyToProcess.Shapes;

namespace AssemblyToProcess;

public static partial class Cases
{
    /// <summary>Repo&lt;int&gt; and Repo&lt;string&gt; share one name per method.</summary>
    [ExpectCall(C + "GenericType", 1)]
    [ExpectCall(S + "Repo<T>..ctor", 2)]
    [ExpectCall(S + "Repo<T>.Add", 3)]
    [ExpectCall(S + "Repo<T>.Get", 2)]
    [ExpectCall(S + "Repo<T>.Count.get", 2)]
    public static string GenericType()
    {
        var ints = new Repo<int>();
        ints.Add(1);
        ints.Add(2);
        var strings = new Repo<string>();
        strings.Add("a");
        return ints.Count + "," + ints.Get(1) + "," + strings.Get(0) + "," + strings.Count;
    }

    /// <summary>The lambda is Cases/&lt;&gt;c.&lt;GenericMethodInGenericType&gt;b__N_0 → Cases.GenericMethodInGenericType.lambda1.</summary>
    [ExpectCall(C + "GenericMethodInGenericType", 1)]
    [ExpectCall(S + "Repo<T>..ctor", 1)]
    [ExpectCall(S + "Repo<T>.Add", 2)]
    [ExpectCall(S + "Repo<T>.Project<TOut>", 1)]
    [ExpectCall(C + "GenericMethodInGenericType.lambda1", 2)]
    public static string GenericMethodInGenericType()
    {
        var repo = new Repo<int>();
        repo.Add(3);
        repo.Add(4);
        List<string> projected = repo.Project(x => "n" + x);
        return string.Join(",", projected);
    }

    [ExpectCall(C + "StaticGenericMethods", 1)]
    [ExpectCall(S + "Util.Max<T>", 2)]
    [ExpectCall(S + "Util.Map<TIn, TOut>", 1)]
    [ExpectCall(C + "StaticGenericMethods.lambda1", 1)]
    [ExpectCall(S + "Util.Create<T>", 1)]
    [ExpectCall(S + "Util.Show<T>", 2)]
    [ExpectCall(S + "Util.Swap<T>", 1)]
    public static string StaticGenericMethods()
    {
        int maxInt = Util.Max(3, 9);
        string maxString = Util.Max("pear", "apple");
        string mapped = Util.Map(21, x => x * 2 + "!");
        object created = Util.Create<object>();
        string shown = Util.Show(5) + "/" + Util.Show<string?>(null);
        int a = 1;
        int b = 2;
        Util.Swap(ref a, ref b);
        return maxInt + "," + maxString + "," + mapped + "," + created.GetType().Name + "," + shown + "," + a + "," + b;
    }

    [ExpectCall(C + "GenericMathConstraint", 1)]
    [ExpectCall(S + "Util.Sum<T>", 2)]
    public static string GenericMathConstraint()
    {
        int ints = Util.Sum(new[] { 1, 2, 3, 4 });
        long longs = Util.Sum(new long[] { 5, 6 });
        return ints + "," + longs;
    }

    [ExpectCall(C + "GenericNestedType", 1)]
    [ExpectCall(S + "Tree<T>..ctor", 1)]
    [ExpectCall(S + "Tree<T>.Node..ctor", 4)]
    [ExpectCall(S + "Tree<T>.Node.AddChild", 3)]
    [ExpectCall(S + "Tree<T>.Node.Depth", 4)]
    public static string GenericNestedType()
    {
        var tree = new Tree<int>(1);
        Tree<int>.Node child = tree.Root.AddChild(2);
        child.AddChild(3);
        tree.Root.AddChild(4);
        return tree.Root.Depth() + "," + child.Value;
    }

    [ExpectCall(C + "GenericStructAndPair", 1)]
    [ExpectCall(S + "Maybe<T>..ctor", 1)]
    [ExpectCall(S + "Maybe<T>.GetOr", 2)]
    [ExpectCall(S + "Pair<TKey, TValue>..ctor", 2)]
    [ExpectCall(S + "Pair<TKey, TValue>.Flip", 1)]
    [ExpectCall(S + "Pair<TKey, TValue>.ToString", 2)]
    public static string GenericStructAndPair()
    {
        var some = new Maybe<int>(5);
        Maybe<string> none = default;
        var pair = new Pair<string, int>("k", 1);
        Pair<int, string> flipped = pair.Flip();
        return some.GetOr(0) + "," + none.GetOr("fallback") + "," + pair.ToString() + "," + flipped.ToString();
    }

    /// <summary>Repo`1/&lt;GetAsync&gt;d__N&lt;T&gt;.MoveNext → Repo&lt;T&gt;.GetAsync; completes synchronously: one MoveNext.</summary>
    [ExpectCall(C + "GenericAsyncMethod", 1)]
    [ExpectCall(S + "Repo<T>..ctor", 1)]
    [ExpectCall(S + "Repo<T>.Add", 2)]
    [ExpectCall(S + "Repo<T>.GetAsync", 1)]
    public static string GenericAsyncMethod()
    {
        var repo = new Repo<string>();
        repo.Add("x");
        repo.Add("y");
        return repo.GetAsync(1).GetAwaiter().GetResult();
    }

    /// <summary>3 items enumerated to the end: 4 MoveNext calls.</summary>
    [ExpectCall(C + "GenericIterator", 1)]
    [ExpectCall(S + "Repo<T>..ctor", 1)]
    [ExpectCall(S + "Repo<T>.Add", 3)]
    [ExpectCall(S + "Repo<T>.Reversed", 4)]
    public static string GenericIterator()
    {
        var repo = new Repo<int>();
        repo.Add(1);
        repo.Add(2);
        repo.Add(3);
        var seen = new List<int>();
        foreach (int v in repo.Reversed()) seen.Add(v);
        return string.Join(",", seen);
    }
}
