using System;
using System.Collections.Generic;

namespace AssemblyToProcess.Shapes;

/// <summary>base(...) with argument expressions, this(...) chaining, field initializers that call methods.</summary>
public class Animal
{
    private readonly string _name;
    private readonly int _legs = DefaultLegs();

    protected Animal(string name)
    {
        _name = name;
    }

    public static int DefaultLegs() => 4;

    public string Name => _name;

    public virtual string Describe() => _name + "/" + _legs;
}

public sealed class Dog : Animal
{
    private readonly List<string> _tricks = new List<string>();
    private readonly int _age;

    public Dog(string name, int age)
        : base(Label(name, age))
    {
        _age = age;
        _tricks.Add("sit");
    }

    public Dog(string name)
        : this(name, DefaultAge())
    {
        _tricks.Add("stay");
    }

    public static string Label(string name, int age) => name + "#" + age;

    public static int DefaultAge() => 3;

    public override string Describe() => base.Describe() + " age=" + _age + " tricks=" + string.Join(",", _tricks);
}

/// <summary>A generic base class: the derived constructor calls <c>Container&lt;int&gt;::.ctor</c> through a generic instance.</summary>
[CloseWith(typeof(int))]
[CloseWith(typeof(string))]
public class Container<T>
{
    private readonly T _seed;

    protected Container(T seed)
    {
        _seed = seed;
    }

    public T Seed => _seed;
}

public sealed class IntContainer : Container<int>
{
    public IntContainer(int x)
        : base(x * 2)
    {
    }
}

[CloseWith(typeof(int))]
[CloseWith(typeof(string))]
public sealed class ListContainer<T> : Container<List<T>>
{
    public ListContainer(T first)
        : base(new List<T> { first })
    {
    }

    public int Count() => Seed.Count;
}

/// <summary>A constructor holding a lambda: the lambda is <c>CtorLambda..ctor.lambda1</c> (compiled <c>&lt;.ctor&gt;b__0_0</c>).</summary>
public sealed class CtorLambda
{
    public CtorLambda(int seed)
    {
        Func<int, int> addSeed = x => x + seed;
        Value = addSeed(1) + addSeed(2);
    }

    public int Value { get; }
}

// Static constructors. Each of these types is touched by exactly one case (see Cases.Constructors.cs), so its
// .cctor runs once, on that case's thread, when the cases run in catalog order or one per process.

/// <summary>An explicit static constructor with side effects (not beforefieldinit: runs at first access).</summary>
public static class Registry
{
    private static readonly List<string> s_entries;

    static Registry()
    {
        s_entries = new List<string>();
        s_entries.Add("builtin");
        Seed();
    }

    private static void Seed() => s_entries.Add("seeded");

    public static int Register(string name)
    {
        s_entries.Add(name);
        return s_entries.Count;
    }

    public static string Dump() => string.Join(",", s_entries);
}

/// <summary>Static field initializers merged into an explicit static constructor.</summary>
public sealed class Settings
{
    private static int s_loads = Initial();
    private static readonly string s_origin;

    static Settings()
    {
        s_origin = "static";
        s_loads += 10;
    }

    public Settings()
    {
        s_loads++;
    }

    private static int Initial() => 100;

    public static string Describe() => s_origin + ":" + s_loads;
}

/// <summary>A generic static constructor runs once per closed type.</summary>
[CloseWith(typeof(int))]
[CloseWith(typeof(string))]
public static class TypeTag<T>
{
    public static readonly string Tag;

    static TypeTag()
    {
        Tag = "tag:" + typeof(T).Name;
    }
}
