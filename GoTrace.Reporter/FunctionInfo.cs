using System.Globalization;

namespace GoTrace.Reporter;

/// <summary>A traced function as the trace's module records describe it.</summary>
public sealed class FunctionInfo
{
    public FunctionInfo(int id, string @namespace, string name, string file, int line, string assemblyName)
    {
        Id = id;
        Namespace = @namespace;
        Name = name;
        FullName = @namespace.Length == 0 ? name : @namespace + "." + name;
        File = file;
        Line = line;
        AssemblyName = assemblyName;
        IsKnown = true;
    }

    private FunctionInfo(int id)
    {
        Id = id;
        Namespace = string.Empty;
        Name = FullName = string.Create(CultureInfo.InvariantCulture, $"<unknown function {id}>");
        File = string.Empty;
        AssemblyName = string.Empty;
    }

    public int Id { get; }

    public string Namespace { get; }

    /// <summary>Type and member as C# reads them, e.g. <c>Repo&lt;T&gt;.Get</c>.</summary>
    public string Name { get; }

    /// <summary><c>Namespace.Name</c>, or <c>Name</c> when the namespace is empty.</summary>
    public string FullName { get; }

    /// <summary>Source file, empty when unknown.</summary>
    public string File { get; }

    /// <summary>Line of the first sequence point, 0 when unknown.</summary>
    public int Line { get; }

    public string AssemblyName { get; }

    /// <summary>False for a placeholder standing in for an id no module record describes.</summary>
    public bool IsKnown { get; }

    /// <summary>A stand-in for an id the trace does not describe.</summary>
    public static FunctionInfo Unknown(int id) => new(id);

    public override string ToString() => FullName;
}
