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

// Constructor initializers whose arguments branch: the this(...)/base(...) call is reached along several paths,
// so where it leaves the stack empty must be found along the control flow, not by reading the IL in order.

public sealed class Options
{
    public Options(string name)
    {
        Name = name;
    }

    public string Name { get; }
}

/// <summary>
/// <c>: this(a, cond ? b : c)</c> (YamlDotNet's TypeConverterCache, Newtonsoft.Json's JValue(Uri)),
/// <c>: this(options?.Name)</c> (Polly's policy builders) and <c>: base(x ?? throw …)</c>.
/// </summary>
public class Conditional
{
    private readonly string _text;

    public Conditional(string text, int times)
    {
        _text = text + "*" + times;
    }

    public Conditional(string text, bool twice)
        : this(text, twice ? Twice() : Once())
    {
        _text += "!";
    }

    public Conditional(Options? options)
        : this(options?.Name ?? Default(), 1)
    {
        _text += "?";
    }

    public static int Once() => 1;

    public static int Twice() => 2;

    public static string Default() => "default";

    public string Text => _text;
}

public sealed class Checked : Conditional
{
    public Checked(string? text)
        : base(text ?? throw new ArgumentNullException(nameof(text)), 3)
    {
    }
}

/// <summary>A struct's <c>: this(...)</c>: the target constructor runs beside the calling one, as for classes.</summary>
public readonly struct Span2
{
    public Span2(int start, int length)
    {
        Start = start;
        Length = length;
    }

    public Span2(int length)
        : this(0, length)
    {
        _ = Describe(length);
    }

    public Span2(int start, bool empty)
        : this(start, empty ? 0 : Unit())
    {
    }

    public int Start { get; }

    public int Length { get; }

    public static int Unit() => 1;

    public static string Describe(int length) => "len " + length;
}
