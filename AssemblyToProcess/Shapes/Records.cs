namespace AssemblyToProcess.Shapes;

/// <summary>
/// A positional record: Equals, GetHashCode, ToString, PrintMembers, Deconstruct, the copy constructor,
/// &lt;Clone&gt;$, EqualityContract, ==/!= and the property accessors are all compiler-generated: not traced.
/// </summary>
public record Point(int X, int Y);

/// <summary>A record with a user-written method (traced) next to its generated members (not traced).</summary>
public record Person(string First, string Last)
{
    public string Initials() => First.Substring(0, 1) + Last.Substring(0, 1);
}

/// <summary>A record struct with a user-written computed property.</summary>
public readonly record struct Temperature(int Celsius)
{
    public int Fahrenheit => Celsius * 9 / 5 + 32;
}

/// <summary>A class with a primary constructor whose parameter is captured into a hidden field.</summary>
public sealed class Greeting(string name)
{
    public string Say() => "hello " + name;
}
