using System;
using AssemblyToProcess.Shapes;

namespace AssemblyToProcess;

public static partial class Cases
{
    /// <summary>
    /// new Dog("rex"): DefaultAge() for this(...), then Dog(name, age): its field initializers, Label() for base(...),
    /// Animal's field initializer DefaultLegs(), Animal's body, Dog's body, back in Dog(name)'s body.
    /// </summary>
    [ExpectCall(C + "ConstructorChaining", 1)]
    [ExpectCall(S + "Dog..ctor", 3)]
    [ExpectCall(S + "Animal..ctor", 2)]
    [ExpectCall(S + "Dog.DefaultAge", 1)]
    [ExpectCall(S + "Dog.Label", 2)]
    [ExpectCall(S + "Animal.DefaultLegs", 2)]
    [ExpectCall(S + "Dog.Describe", 2)]
    [ExpectCall(S + "Animal.Describe", 2)]
    [ExpectCall(S + "Animal.Name.get", 1)]
    public static string ConstructorChaining()
    {
        var rex = new Dog("rex");
        var fido = new Dog("fido", 5);
        return rex.Describe() + " | " + fido.Describe() + " | " + rex.Name;
    }

    [ExpectCall(C + "GenericBaseConstructor", 1)]
    [ExpectCall(S + "IntContainer..ctor", 1)]
    [ExpectCall(S + "ListContainer<T>..ctor", 1)]
    [ExpectCall(S + "Container<T>..ctor", 2)]
    [ExpectCall(S + "Container<T>.Seed.get", 3)]
    [ExpectCall(S + "ListContainer<T>.Count", 1)]
    public static string GenericBaseConstructor()
    {
        var ints = new IntContainer(21);
        var strings = new ListContainer<string>("x");
        return ints.Seed + "," + strings.Count() + "," + strings.Seed[0];
    }

    /// <summary>The only case that touches Registry: its .cctor runs here, once.</summary>
    [ExpectCall(C + "StaticConstructor", 1)]
    [ExpectCall(S + "Registry..cctor", 1)]
    [ExpectCall(S + "Registry.Seed", 1)]
    [ExpectCall(S + "Registry.Register", 2)]
    [ExpectCall(S + "Registry.Dump", 1)]
    public static string StaticConstructor()
    {
        int a = Registry.Register("x");
        int b = Registry.Register("y");
        return a + "," + b + "," + Registry.Dump();
    }

    /// <summary>The only case that touches Settings: static field initializers run inside its explicit .cctor.</summary>
    [ExpectCall(C + "StaticFieldInitializers", 1)]
    [ExpectCall(S + "Settings..cctor", 1)]
    [ExpectCall(S + "Settings.Initial", 1)]
    [ExpectCall(S + "Settings..ctor", 2)]
    [ExpectCall(S + "Settings.Describe", 1)]
    public static string StaticFieldInitializers()
    {
        _ = new Settings();
        _ = new Settings();
        return Settings.Describe();
    }

    /// <summary>The only case that touches TypeTag&lt;T&gt;: one .cctor per closed type.</summary>
    [ExpectCall(C + "GenericStaticConstructor", 1)]
    [ExpectCall(S + "TypeTag<T>..cctor", 2)]
    public static string GenericStaticConstructor()
    {
        return TypeTag<int>.Tag + "," + TypeTag<string>.Tag + "," + TypeTag<int>.Tag;
    }

    /// <summary>CtorLambda/&lt;&gt;c__DisplayClass0_0.&lt;.ctor&gt;b__0 → CtorLambda..ctor.lambda1.</summary>
    [ExpectCall(C + "ConstructorLambda", 1)]
    [ExpectCall(S + "CtorLambda..ctor", 1)]
    [ExpectCall(S + "CtorLambda..ctor.lambda1", 2)]
    public static string ConstructorLambda()
    {
        return "" + new CtorLambda(10).Value;
    }
}

public static partial class Cases
{
    /// <summary>this(...)/base(...) with branching arguments: traced, and the target constructor beside its caller.</summary>
    [ExpectCall(C + "ConditionalConstructorInitializers", 1)]
    [ExpectCall(S + "Conditional..ctor", 9)]
    [ExpectCall(S + "Conditional.Twice", 1)]
    [ExpectCall(S + "Conditional.Once", 1)]
    [ExpectCall(S + "Conditional.Default", 1)]
    [ExpectCall(S + "Options..ctor", 1)]
    [ExpectCall(S + "Checked..ctor", 1)]
    [ExpectCall(S + "Conditional.Text.get", 5)]
    public static string ConditionalConstructorInitializers()
    {
        string nullName;
        try
        {
            nullName = new Checked(null).Text;
        }
        catch (ArgumentNullException e)
        {
            nullName = "threw " + e.ParamName;
        }

        return new Conditional("a", true).Text + "," + new Conditional("b", false).Text + "," +
            new Conditional(new Options("o")).Text + "," + new Conditional((Options?)null).Text + "," +
            new Checked("c").Text + "," + nullName;
    }

    [ExpectCall(C + "StructConstructorChaining", 1)]
    [ExpectCall(S + "Span2..ctor", 6)]
    [ExpectCall(S + "Span2.Describe", 1)]
    [ExpectCall(S + "Span2.Unit", 1)]
    public static string StructConstructorChaining()
    {
        var a = new Span2(4);
        var b = new Span2(2, true);
        var c = new Span2(3, false);
        return a.Start + ":" + a.Length + "," + b.Start + ":" + b.Length + "," + c.Start + ":" + c.Length;
    }
}
