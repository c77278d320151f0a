using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;

namespace GoTrace.Fody;

/// <summary>Names methods the way C# reads them (docs/function-names.md).</summary>
internal static class FunctionNames
{
    private static readonly Dictionary<string, string> Operators = new()
    {
        ["op_Addition"] = "+", ["op_Subtraction"] = "-", ["op_Multiply"] = "*", ["op_Division"] = "/",
        ["op_Modulus"] = "%", ["op_BitwiseAnd"] = "&", ["op_BitwiseOr"] = "|", ["op_ExclusiveOr"] = "^",
        ["op_LeftShift"] = "<<", ["op_RightShift"] = ">>", ["op_UnsignedRightShift"] = ">>>",
        ["op_Equality"] = "==", ["op_Inequality"] = "!=", ["op_LessThan"] = "<", ["op_GreaterThan"] = ">",
        ["op_LessThanOrEqual"] = "<=", ["op_GreaterThanOrEqual"] = ">=", ["op_UnaryNegation"] = "-",
        ["op_UnaryPlus"] = "+", ["op_LogicalNot"] = "!", ["op_OnesComplement"] = "~", ["op_Increment"] = "++",
        ["op_Decrement"] = "--", ["op_True"] = "true", ["op_False"] = "false", ["op_Implicit"] = "implicit",
        ["op_Explicit"] = "explicit", ["op_CheckedAddition"] = "checked +", ["op_CheckedSubtraction"] = "checked -",
        ["op_CheckedMultiply"] = "checked *", ["op_CheckedDivision"] = "checked /",
        ["op_CheckedUnaryNegation"] = "checked -", ["op_CheckedExplicit"] = "checked explicit",
    };

    /// <summary>The namespace of the type the user wrote.</summary>
    public static string Namespace(MethodDefinition method) => method.DeclaringType.SourceType().Outermost().Namespace;

    /// <summary>"Repo&lt;T&gt;.Get", "Server.Start.lambda1", "Config.Port.get".</summary>
    public static string Name(MethodDefinition method)
    {
        // A state machine's MoveNext runs the body of the method that created it: take that method's name.
        if (KickoffOf(method) is { } kickoff)
        {
            return Name(kickoff);
        }

        var declaring = method.DeclaringType;
        var source = declaring.SourceType();
        var type = TypeName(source);

        // Code the compiler moved out of a user method: name it after that method.
        var described = CompilerNames.Describe(method.Name, raw => MemberName(source, raw));
        if (described != null)
        {
            return $"{type}.{described}";
        }

        if (declaring != source && declaring.IsStateMachine())
        {
            return $"{type}.{CompilerNames.Describe(declaring.Name, raw => MemberName(source, raw))}";
        }

        return $"{type}.{MemberName(method)}";
    }

    /// <summary>The parameter types as C# reads them, "(int, string)"; a state machine's are its method's. Empty when unknown.</summary>
    public static string Parameters(MethodDefinition method)
    {
        if (method.Name == "MoveNext" && method.DeclaringType.IsStateMachine())
        {
            return KickoffOf(method) is { } kickoff ? CSharpTypeNames.ParameterList(kickoff.Parameters) : string.Empty;
        }

        return CSharpTypeNames.ParameterList(method.Parameters);
    }

    private static MethodDefinition? KickoffOf(MethodDefinition method) =>
        method.Name == "MoveNext" && method.DeclaringType.IsStateMachine() ? method.DeclaringType.StateMachineKickoff() : null;

    /// <summary>"Outer.Inner", "Repo&lt;T&gt;", "Cache&lt;TKey, TValue&gt;" (without namespace).</summary>
    public static string TypeName(TypeDefinition type)
    {
        var own = OwnName(type);
        return type.DeclaringType == null ? own : $"{TypeName(type.DeclaringType)}.{own}";
    }

    /// <summary>The type's name with namespace, for filters: "MyApp.Outer.Inner" (no generic arguments).</summary>
    public static string FilterName(TypeDefinition type)
    {
        var names = new List<string>();
        for (var t = type; t != null; t = t.DeclaringType)
        {
            names.Insert(0, StripArity(t.Name));
        }

        var ns = type.Outermost().Namespace;
        return ns.Length == 0 ? string.Join(".", names) : ns + "." + string.Join(".", names);
    }

    private static string OwnName(TypeDefinition type)
    {
        var name = StripArity(type.Name);
        var arity = type.Name.Length - name.Length > 0 && int.TryParse(type.Name.Substring(name.Length + 1), out var n) ? n : 0;
        if (arity == 0 || type.GenericParameters.Count < arity)
        {
            return name;
        }

        // Nested types repeat their outer types' parameters first; their own come last.
        var own = type.GenericParameters.Skip(type.GenericParameters.Count - arity).Select(p => p.Name);
        return $"{name}<{string.Join(", ", own)}>";
    }

    private static string StripArity(string name)
    {
        var tick = name.IndexOf('`');
        return tick < 0 ? name : name.Substring(0, tick);
    }

    private static string MemberName(MethodDefinition method)
    {
        var type = method.DeclaringType;
        if (method.IsGetter || method.IsSetter)
        {
            var property = type.Properties.FirstOrDefault(p => p.GetMethod == method || p.SetMethod == method);
            if (property != null)
            {
                var name = property.HasParameters ? IndexerName(property.Name) : ShortInterfaceName(property.Name);
                return $"{name}.{(method.IsGetter ? "get" : "set")}";
            }
        }

        if (ExtensionPropertyOf(method) is { } extension)
        {
            return $"{extension.Name}.{(method.Name.StartsWith("get_") ? "get" : "set")}";
        }

        if (method.IsAddOn || method.IsRemoveOn)
        {
            var ev = type.Events.FirstOrDefault(e => e.AddMethod == method || e.RemoveMethod == method);
            if (ev != null)
            {
                return $"{ShortInterfaceName(ev.Name)}.{(method.IsAddOn ? "add" : "remove")}";
            }
        }

        if (method.IsSpecialName && Operators.TryGetValue(method.Name, out var symbol))
        {
            return $"operator {symbol}";
        }

        var plain = ShortInterfaceName(method.Name);
        return method.HasGenericParameters
            ? $"{plain}<{string.Join(", ", method.GenericParameters.Select(p => p.Name))}>"
            : plain;
    }

    /// <summary>
    /// The C# 14 extension property whose accessor body <paramref name="method"/> is: a plain static get_X/set_X of the
    /// class, while the property itself is declared, with an accessor of that name, in a nested <c>&lt;G&gt;$…</c> grouping type.
    /// </summary>
    private static PropertyDefinition? ExtensionPropertyOf(MethodDefinition method)
    {
        if (!method.IsStatic || method.IsSpecialName || !(method.Name.StartsWith("get_") || method.Name.StartsWith("set_")) ||
            !method.DeclaringType.HasNestedTypes)
        {
            return null;
        }

        return method.DeclaringType.NestedTypes
            .Where(t => t.Name.StartsWith("<G>$"))
            .SelectMany(t => t.Properties)
            .FirstOrDefault(p => p.GetMethod?.Name == method.Name || p.SetMethod?.Name == method.Name);
    }

    /// <summary>Shows a member of <paramref name="type"/> known only by its metadata name.</summary>
    private static string MemberName(TypeDefinition type, string rawName)
    {
        // Type names made from an explicit interface member's name have '-' for its dots.
        var method = type.Methods.FirstOrDefault(m => m.Name == rawName) ??
            type.Methods.FirstOrDefault(m => m.Name.Contains(".") && m.Name.Replace('.', '-') == rawName);
        return method != null ? MemberName(method) : ShortInterfaceName(rawName.Replace('-', '.'));
    }

    /// <summary>Indexers are "this[]"; an explicit interface indexer keeps its interface: "IList.this[]".</summary>
    private static string IndexerName(string propertyName)
    {
        var shortName = ShortInterfaceName(propertyName);
        var dot = LastDotOutsideBrackets(shortName);
        return dot < 0 ? "this[]" : shortName.Substring(0, dot) + ".this[]";
    }

    /// <summary>"System.IDisposable.Dispose" becomes "IDisposable.Dispose".</summary>
    private static string ShortInterfaceName(string name)
    {
        var member = LastDotOutsideBrackets(name);
        if (member <= 0)
        {
            return name;
        }

        var iface = name.Substring(0, member);
        var ns = LastDotOutsideBrackets(iface);
        return ns < 0 ? name : name.Substring(ns + 1);
    }

    private static int LastDotOutsideBrackets(string name)
    {
        var depth = 0;
        for (var i = name.Length - 1; i >= 0; i--)
        {
            switch (name[i])
            {
                case '>': depth++; break;
                case '<': depth--; break;
                case '.' when depth == 0: return i;
            }
        }

        return -1;
    }
}
