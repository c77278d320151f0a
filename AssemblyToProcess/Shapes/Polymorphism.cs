using System;
using System.Collections.Generic;

namespace AssemblyToProcess.Shapes;

public interface IGreeter
{
    string Greet(string name);
}

/// <summary>An interface with a default method: <c>IShape.Describe</c>.</summary>
public interface IShape
{
    int Area();

    string Describe() => "area " + Area();
}

/// <summary>Explicit interface implementations: <c>Greeter.IGreeter.Greet</c>, <c>Greeter.IDisposable.Dispose</c>.</summary>
public sealed class Greeter : IGreeter, IDisposable
{
    private readonly List<string> _log;

    public Greeter(List<string> log)
    {
        _log = log;
    }

    string IGreeter.Greet(string name) => "hi " + name;

    void IDisposable.Dispose()
    {
        _log.Add("disposed");
    }
}

public class Shape
{
    public Shape()
    {
    }

    public virtual string Name() => "shape";
}

public class Circle : Shape
{
    public Circle()
    {
    }

    public override string Name() => "circle<" + base.Name() + ">";
}

public abstract class Creature
{
    protected Creature()
    {
    }

    /// <summary>Abstract: no body, nothing to trace.</summary>
    public abstract string Sound();

    public string Speak() => Sound() + "!";
}

public sealed class Cat : Creature, IShape
{
    public Cat()
    {
    }

    public override string Sound() => "meow";

    public int Area() => 3;
}
