using System.Globalization;

namespace GoTrace.Reporter;

/// <summary>A traced function as the trace's module records describe it.</summary>
public sealed class FunctionInfo
{
    public FunctionInfo(int id, string @namespace, string name, string file, int line, string assemblyName, string parameters = "", FunctionFlags flags = FunctionFlags.None)
    {
        Id = id;
        Parameters = parameters;
        Flags = flags;
        Namespace = @namespace;
        Name = BaseName = name;
        FullName = BaseFullName = @namespace.Length == 0 ? name : @namespace + "." + name;
        File = file;
        Line = line;
        AssemblyName = assemblyName;
        IsKnown = true;
    }

    private FunctionInfo(int id)
    {
        Id = id;
        Namespace = string.Empty;
        Name = FullName = BaseName = BaseFullName = string.Create(CultureInfo.InvariantCulture, $"<unknown function {id}>");
        File = string.Empty;
        AssemblyName = string.Empty;
        Parameters = string.Empty;
    }

    public int Id { get; }

    public string Namespace { get; }

    /// <summary>
    /// Type and member as C# reads them, e.g. <c>Repo&lt;T&gt;.Get</c>; followed by the parameter list, e.g.
    /// <c>Markdown.Parse(string)</c>, when another function of the trace has the same full name (an overload).
    /// </summary>
    public string Name { get; private set; }

    /// <summary><c>Namespace.Name</c>, or <c>Name</c> when the namespace is empty (with the parameters when <see cref="Name"/> has them).</summary>
    public string FullName { get; private set; }

    /// <summary>Type and member without the parameter list, whether or not overloads made <see cref="Name"/> show it.</summary>
    public string BaseName { get; }

    /// <summary><see cref="FullName"/> without the parameter list.</summary>
    public string BaseFullName { get; }

    /// <summary>True when the name shows the parameter list, to tell overloads apart.</summary>
    public bool ShowsParameters { get; private set; }

    /// <summary>Source file, empty when unknown.</summary>
    public string File { get; }

    /// <summary>Line of the first sequence point, 0 when unknown.</summary>
    public int Line { get; }

    public string AssemblyName { get; }

    /// <summary>The parameter list as C# reads it, e.g. <c>(int, string)</c>; empty when the trace does not say.</summary>
    public string Parameters { get; }

    /// <summary>What the weaver recorded about how the function is traced.</summary>
    public FunctionFlags Flags { get; }

    /// <summary>Its calls are counted in place, not timed: their time belongs to the caller.</summary>
    public bool IsCounted => (Flags & FunctionFlags.Counted) != 0;

    /// <summary>False for a placeholder standing in for an id no module record describes.</summary>
    public bool IsKnown { get; }

    /// <summary>A stand-in for an id the trace does not describe.</summary>
    public static FunctionInfo Unknown(int id) => new(id);

    public override string ToString() => FullName;

    /// <summary>Adds the parameter list to the names (when the trace gives it): another function has the same full name.</summary>
    internal void ShowParameters()
    {
        if (ShowsParameters || Parameters.Length == 0)
        {
            return;
        }

        Name = BaseName + Parameters;
        FullName = BaseFullName + Parameters;
        ShowsParameters = true;
    }
}

/// <summary>The flags field of a function table line (docs/trace-format.md, "Module").</summary>
[System.Flags]
public enum FunctionFlags
{
    None = 0,

    /// <summary>A tiny member whose calls are recorded as count events, without a clock read.</summary>
    Counted = 1,
}
