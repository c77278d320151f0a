using System;
using System.Collections.Generic;
using AssemblyToProcess.Generated;
using AssemblyToProcess.Shapes;

namespace AssemblyToProcess;

public static partial class Cases
{
    /// <summary>
    /// Only the primary constructor Point(int X, int Y) is traced (it carries no [CompilerGenerated]);
    /// with/==/GetHashCode/ToString/Deconstruct and the copy constructor are compiler-generated.
    /// </summary>
    [ExpectCall(C + "RecordGeneratedMembers", 1)]
    [ExpectCall(S + "Point..ctor", 3)]
    public static string RecordGeneratedMembers()
    {
        var p = new Point(1, 2);
        Point q = p with { Y = 5 };
        bool equal = p == new Point(1, 2);
        bool sameHash = p.GetHashCode() == new Point(1, 2).GetHashCode();
        (int x, int y) = q;
        return p.ToString() + "," + equal + "," + sameHash + "," + x + "," + y + "," + p.Equals(q);
    }

    /// <summary>Temperature's generated PrintMembers (not traced) calls the user-written Fahrenheit getter (traced).</summary>
    [ExpectCall(C + "RecordUserMembers", 1)]
    [ExpectCall(S + "Person..ctor", 1)]
    [ExpectCall(S + "Person.Initials", 1)]
    [ExpectCall(S + "Temperature..ctor", 1)]
    [ExpectCall(S + "Temperature.Fahrenheit.get", 2)]
    public static string RecordUserMembers()
    {
        var person = new Person("Ada", "Lovelace");
        var boiling = new Temperature(100);
        return person.Initials() + "," + person.ToString() + "," + boiling.Fahrenheit + "," + boiling.ToString();
    }

    [ExpectCall(C + "PrimaryConstructorClass", 1)]
    [ExpectCall(S + "Greeting..ctor", 1)]
    [ExpectCall(S + "Greeting.Say", 1)]
    public static string PrimaryConstructorClass()
    {
        return new Greeting("bob").Say();
    }

    /// <summary>[GeneratedCode] class and method: not traced, but the traced code they call is.</summary>
    [ExpectCall(C + "GeneratedCodeNotTraced", 1)]
    [ExpectCall(S + "Returns.Classify", 1)]
    [ExpectCall(S + "PartlyGenerated.HandWritten", 1)]
    public static string GeneratedCodeNotTraced()
    {
        return ToolOutput.Compute(3) + "," + PartlyGenerated.HandWritten(4);
    }

    /// <summary>Generated/Thing.g.cs: not traced; the Returns.ExpressionBodied it calls is.</summary>
    [ExpectCall(C + "GeneratedFileNotTraced", 1)]
    [ExpectCall(S + "Returns.ExpressionBodied", 1)]
    public static string GeneratedFileNotTraced()
    {
        return Thing.CallsBack(2) + "," + Thing.Value(1);
    }

    [ExpectCall(C + "ExplicitInterfaceImplementation", 1)]
    [ExpectCall(S + "Greeter..ctor", 1)]
    [ExpectCall(S + "Greeter.IGreeter.Greet", 1)]
    [ExpectCall(S + "Greeter.IDisposable.Dispose", 1)]
    public static string ExplicitInterfaceImplementation()
    {
        var log = new List<string>();
        string greeting;
        using (var greeter = new Greeter(log))
        {
            greeting = ((IGreeter)greeter).Greet("ann");
        }
        return greeting + "," + string.Join(",", log);
    }

    [ExpectCall(C + "VirtualOverride", 1)]
    [ExpectCall(S + "Circle..ctor", 1)]
    [ExpectCall(S + "Shape..ctor", 2)]
    [ExpectCall(S + "Circle.Name", 1)]
    [ExpectCall(S + "Shape.Name", 2)]
    public static string VirtualOverride()
    {
        Shape circle = new Circle();
        Shape plain = new Shape();
        return circle.Name() + "," + plain.Name();
    }

    [ExpectCall(C + "AbstractOverride", 1)]
    [ExpectCall(S + "Cat..ctor", 1)]
    [ExpectCall(S + "Creature..ctor", 1)]
    [ExpectCall(S + "Creature.Speak", 1)]
    [ExpectCall(S + "Cat.Sound", 1)]
    public static string AbstractOverride()
    {
        Creature creature = new Cat();
        return creature.Speak();
    }

    [ExpectCall(C + "DefaultInterfaceMethod", 1)]
    [ExpectCall(S + "Cat..ctor", 1)]
    [ExpectCall(S + "Creature..ctor", 1)]
    [ExpectCall(S + "IShape.Describe", 1)]
    [ExpectCall(S + "Cat.Area", 1)]
    public static string DefaultInterfaceMethod()
    {
        IShape shape = new Cat();
        return shape.Describe();
    }
}
