using System;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace GoTrace.Fody;

/// <summary>Decides which methods carry user code worth tracing.</summary>
internal sealed class MethodSelector
{
    private const string NoTrace = "GoTrace.NoTraceAttribute";
    private const string GeneratedCode = "System.CodeDom.Compiler.GeneratedCodeAttribute";

    private static readonly string[] StateMachineAttributes =
    {
        "System.Runtime.CompilerServices.AsyncStateMachineAttribute",
        "System.Runtime.CompilerServices.IteratorStateMachineAttribute",
        "System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute",
    };

    private static readonly string[] GeneratedFileSuffixes = { ".g.cs", ".g.i.cs", ".designer.cs", ".generated.cs" };

    private readonly WeaverConfig _config;
    private readonly string _assemblyName;
    private readonly bool _assemblyOptedOut;

    public MethodSelector(ModuleDefinition module, WeaverConfig config)
    {
        _config = config;
        _assemblyName = module.Assembly.Name.Name;
        _assemblyOptedOut = module.Assembly.HasAttribute(NoTrace);
    }

    /// <summary>Null when the method is to be woven, else why not.</summary>
    public string? ReasonToSkip(MethodDefinition method)
    {
        if (!method.HasBody || method.IsAbstract || method.IsPInvokeImpl || method.IsRuntime || method.IsInternalCall)
        {
            return "no IL body";
        }

        var declaring = method.DeclaringType;
        if (declaring.Name == "<Module>" || declaring.Name.StartsWith("<PrivateImplementationDetails>") ||
            declaring.Name.StartsWith("<>f__AnonymousType") || declaring.Name.StartsWith("<>z__ReadOnly"))
        {
            return "compiler infrastructure";
        }

        if (_assemblyOptedOut)
        {
            return "[NoTrace] on the assembly";
        }

        var source = declaring.SourceType();
        if (!_config.Selects(_assemblyName, FunctionNames.FilterName(source)))
        {
            return "not selected by Include/Exclude";
        }

        var userMethod = UserCodeOwner(method);
        if (userMethod == null)
        {
            return "compiler-generated";
        }

        if (StateMachineAttributes.Any(method.HasAttribute))
        {
            return "async/iterator stub (its MoveNext is traced)";
        }

        if (OptedOut(userMethod, NoTrace) || OptedOut(method, NoTrace))
        {
            return "[NoTrace]";
        }

        if (OptedOut(userMethod, GeneratedCode) || OptedOut(method, GeneratedCode))
        {
            return "[GeneratedCode]";
        }

        var file = method.FirstSourcePoint()?.Document.Url;
        if (file != null && GeneratedFileSuffixes.Any(s => file.EndsWith(s, StringComparison.OrdinalIgnoreCase)))
        {
            return "generated source file";
        }

        return null;
    }

    /// <summary>
    /// The method whose source this method's code comes from: itself for ordinary methods, the holding
    /// method for lambdas, local functions and state machines. Null for plumbing with no user code.
    /// </summary>
    private static MethodDefinition? UserCodeOwner(MethodDefinition method)
    {
        var declaring = method.DeclaringType;
        if (CompilerNames.IsLambdaOrLocalFunction(method.Name))
        {
            return FindHolder(declaring.SourceType(), method.Name) ?? method;
        }

        if (CompilerNames.IsTopLevelMain(method.Name))
        {
            return method;
        }

        if (declaring.HasCompilerName())
        {
            // Inside display classes and state machines only MoveNext runs user code.
            if (!declaring.IsStateMachine() || method.Name != "MoveNext")
            {
                return null;
            }

            return declaring.StateMachineKickoff() is { } kickoff
                ? UserCodeOwner(kickoff) ?? method
                : FindHolder(declaring.SourceType(), declaring.Name) ?? method;
        }

        return method.IsCompilerGenerated() || method.HasCompilerName() ? null : method;
    }

    /// <summary>The user method a compiler name like "&lt;Start&gt;b__0_1" or "&lt;&lt;Start&gt;b__0_0&gt;d" came from.</summary>
    private static MethodDefinition? FindHolder(TypeDefinition sourceType, string compilerName)
    {
        var name = compilerName;
        while (CompilerNames.TrySplit(name, out var inner, out _))
        {
            name = inner;
        }

        return sourceType.Methods.FirstOrDefault(m => m.Name == name && !m.HasCompilerName());
    }

    /// <summary>Marked itself, through its property or event, or through any enclosing type.</summary>
    private static bool OptedOut(MethodDefinition method, string attribute)
    {
        if (method.HasAttribute(attribute))
        {
            return true;
        }

        var type = method.DeclaringType;
        if (type.Properties.Any(p => (p.GetMethod == method || p.SetMethod == method) && p.HasAttribute(attribute)) ||
            type.Events.Any(e => (e.AddMethod == method || e.RemoveMethod == method) && e.HasAttribute(attribute)))
        {
            return true;
        }

        for (var t = type; t != null; t = t.DeclaringType)
        {
            if (t.HasAttribute(attribute))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Shapes this weaver cannot wrap safely; null when the body is fine.</summary>
    public static string? UnsafeToWeave(MethodDefinition method)
    {
        if (method.Body.Instructions.Any(i => i.OpCode.Code == Code.Jmp))
        {
            return "uses the jmp instruction";
        }

        if (method.Body.Instructions.Count == 0)
        {
            return "has an empty body";
        }

        TracedRegion.Start(method, out var problem);
        return problem;
    }
}
