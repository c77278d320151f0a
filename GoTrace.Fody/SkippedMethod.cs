namespace GoTrace.Fody;

/// <summary>A method the weaver left alone on purpose, and why.</summary>
public sealed class SkippedMethod
{
    public SkippedMethod(string name, string reason)
    {
        Name = name;
        Reason = reason;
    }

    public string Name { get; }

    public string Reason { get; }
}
