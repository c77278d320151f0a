using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;

namespace GoTrace.Fody;

/// <summary>Types and parameter lists as C# reads them: <c>(int, string)</c>, <c>(ref Span&lt;byte&gt;, out int?)</c>.</summary>
internal static class CSharpTypeNames
{
    private static readonly Dictionary<string, string> Keywords = new()
    {
        ["System.Boolean"] = "bool", ["System.Byte"] = "byte", ["System.SByte"] = "sbyte", ["System.Char"] = "char",
        ["System.Int16"] = "short", ["System.UInt16"] = "ushort", ["System.Int32"] = "int", ["System.UInt32"] = "uint",
        ["System.Int64"] = "long", ["System.UInt64"] = "ulong", ["System.Single"] = "float", ["System.Double"] = "double",
        ["System.Decimal"] = "decimal", ["System.String"] = "string", ["System.Object"] = "object", ["System.Void"] = "void",
        ["System.IntPtr"] = "nint", ["System.UIntPtr"] = "nuint",
    };

    /// <summary>"(int, List&lt;T&gt;, out string)"; closure parameters the compiler adds to local functions are left out.</summary>
    public static string ParameterList(IEnumerable<ParameterDefinition> parameters) =>
        "(" + string.Join(", ", parameters.Where(p => !IsClosure(p.ParameterType)).Select(Parameter)) + ")";

    private static string Parameter(ParameterDefinition parameter)
    {
        var type = parameter.ParameterType.WithoutModifiers();
        if (type is not ByReferenceType byReference)
        {
            return Name(type);
        }

        var modifier = parameter.IsOut && !parameter.IsIn ? "out" : parameter.IsIn ? "in" : "ref";
        return modifier + " " + Name(byReference.ElementType);
    }

    /// <summary>A local function's captured variables arrive as <c>ref &lt;&gt;c__DisplayClass0_0</c>.</summary>
    private static bool IsClosure(TypeReference type)
    {
        var element = type.WithoutModifiers();
        if (element is ByReferenceType byReference)
        {
            element = byReference.ElementType;
        }

        return element.GetElementType().HasCompilerName();
    }

    /// <summary>"int", "string[]", "List&lt;T&gt;", "int?", "(int, string)", "Outer.Inner", "byte*".</summary>
    public static string Name(TypeReference type)
    {
        type = type.WithoutModifiers();
        switch (type)
        {
            case ByReferenceType byReference:
                return "ref " + Name(byReference.ElementType);
            case PointerType pointer:
                return Name(pointer.ElementType) + "*";
            case ArrayType array:
                return Name(array.ElementType) + "[" + new string(',', array.Rank - 1) + "]";
            case GenericParameter parameter:
                return parameter.Name;
            case FunctionPointerType:
                return "delegate*";
            case GenericInstanceType generic:
                return GenericName(generic);
        }

        if (Keywords.TryGetValue(type.FullName, out var keyword))
        {
            return keyword;
        }

        return NestedName(type, new Queue<TypeReference>());
    }

    private static string GenericName(GenericInstanceType generic)
    {
        var definition = generic.ElementType;
        if (definition.FullName == "System.Nullable`1")
        {
            return Name(generic.GenericArguments[0]) + "?";
        }

        if (definition.Namespace == "System" && definition.Name.StartsWith("ValueTuple`") && generic.GenericArguments.Count < 8)
        {
            return "(" + string.Join(", ", generic.GenericArguments.Select(Name)) + ")";
        }

        return NestedName(definition, new Queue<TypeReference>(generic.GenericArguments));
    }

    /// <summary>Outer types first; each takes its own share of the type arguments (a nested type lists its outer types' first).</summary>
    private static string NestedName(TypeReference type, Queue<TypeReference> arguments)
    {
        var chain = new List<TypeReference>();
        for (var t = type; t != null; t = t.DeclaringType)
        {
            chain.Insert(0, t);
        }

        var parts = new List<string>();
        foreach (var t in chain)
        {
            var tick = t.Name.IndexOf('`');
            if (tick < 0)
            {
                parts.Add(t.Name);
                continue;
            }

            var name = t.Name.Substring(0, tick);
            var arity = int.TryParse(t.Name.Substring(tick + 1), out var n) ? n : 0;
            var own = new List<string>();
            for (var i = 0; i < arity; i++)
            {
                own.Add(arguments.Count > 0 ? Name(arguments.Dequeue()) : OwnParameterName(t, i, arity));
            }

            parts.Add($"{name}<{string.Join(", ", own)}>");
        }

        return string.Join(".", parts);
    }

    /// <summary>An open generic type named by its own parameters, e.g. "List&lt;T&gt;".</summary>
    private static string OwnParameterName(TypeReference type, int index, int arity)
    {
        var parameters = type.GenericParameters;
        var position = parameters.Count - arity + index;
        return position >= 0 && position < parameters.Count ? parameters[position].Name : "T" + (index + 1);
    }
}
