using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace GoTrace.Fody;

/// <summary>Small questions asked of Cecil types while choosing, naming and weaving methods.</summary>
internal static class CecilExtensions
{
    public static bool HasAttribute(this ICustomAttributeProvider provider, string fullName) =>
        provider.HasCustomAttributes && provider.CustomAttributes.Any(a => a.AttributeType.FullName == fullName);

    public static bool IsCompilerGenerated(this ICustomAttributeProvider provider) =>
        provider.HasAttribute("System.Runtime.CompilerServices.CompilerGeneratedAttribute");

    /// <summary>Compiler-made names start with '&lt;': display classes, state machines, lambdas.</summary>
    public static bool HasCompilerName(this MemberReference member) => member.Name.StartsWith("<");

    public static bool IsStateMachine(this TypeDefinition type) =>
        type.HasCompilerName() && type.Interfaces.Any(i =>
            i.InterfaceType.FullName is "System.Runtime.CompilerServices.IAsyncStateMachine"
                or "System.Collections.IEnumerator");

    /// <summary>
    /// The method the user wrote whose body a state machine runs: the one whose [AsyncStateMachine],
    /// [IteratorStateMachine] or [AsyncIteratorStateMachine] names this type. Null when none does.
    /// </summary>
    public static MethodDefinition? StateMachineKickoff(this TypeDefinition stateMachine)
    {
        var holder = stateMachine.DeclaringType;
        if (holder == null)
        {
            return null;
        }

        var self = stateMachine.FullName;
        return holder.Methods.FirstOrDefault(m => m.HasCustomAttributes && m.CustomAttributes.Any(a =>
            a.AttributeType.Namespace == "System.Runtime.CompilerServices" && a.AttributeType.Name.EndsWith("StateMachineAttribute") &&
            a.ConstructorArguments.Count == 1 && a.ConstructorArguments[0].Value is TypeReference target &&
            target.GetElementType().FullName == self));
    }

    public static bool IsInstanceConstructor(this MethodDefinition method) => method.IsConstructor && !method.IsStatic;

    public static bool ReturnsVoid(this MethodDefinition method) => method.ReturnType.WithoutModifiers().MetadataType == MetadataType.Void;

    /// <summary>The type under modreq/modopt wrappers: init setters return <c>void modreq(IsExternalInit)</c>.</summary>
    public static TypeReference WithoutModifiers(this TypeReference type)
    {
        while (type is IModifierType modified)
        {
            type = modified.ElementType;
        }

        return type;
    }

    /// <summary>The first sequence point that maps to a source line.</summary>
    public static SequencePoint? FirstSourcePoint(this MethodDefinition method) =>
        method.DebugInformation.HasSequencePoints
            ? method.DebugInformation.SequencePoints.FirstOrDefault(p => !p.IsHidden)
            : null;

    /// <summary>The outermost type that holds this one (itself when not nested).</summary>
    public static TypeDefinition Outermost(this TypeDefinition type)
    {
        while (type.DeclaringType != null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    /// <summary>The nearest enclosing type that is not compiler-generated: the type the user wrote.</summary>
    public static TypeDefinition SourceType(this TypeDefinition type)
    {
        while (type.HasCompilerName() && type.DeclaringType != null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    /// <summary>
    /// A parameter type as seen at a call site: generic parameters of the method and of its declaring type
    /// replaced by the call's type arguments (<c>Action&lt;!!0&gt;</c> in QueueUserWorkItem&lt;int&gt; is <c>Action&lt;int&gt;</c>).
    /// </summary>
    public static TypeReference InContextOf(this TypeReference type, MethodReference call)
    {
        switch (type)
        {
            case GenericParameter { Type: GenericParameterType.Method } parameter when call is GenericInstanceMethod method:
                return method.GenericArguments[parameter.Position];
            case GenericParameter { Type: GenericParameterType.Type } parameter when call.DeclaringType is GenericInstanceType declaring:
                return declaring.GenericArguments[parameter.Position];
            case GenericInstanceType generic:
                var closed = new GenericInstanceType(generic.ElementType);
                foreach (var argument in generic.GenericArguments)
                {
                    closed.GenericArguments.Add(argument.InContextOf(call));
                }

                return closed;
            case ArrayType array:
                return new ArrayType(array.ElementType.InContextOf(call), array.Rank);
            default:
                return type;
        }
    }

    /// <summary>Points every branch, switch case and exception-handler boundary aimed at <paramref name="from"/> at <paramref name="to"/>.</summary>
    public static void RetargetJumps(this MethodBody body, Instruction from, Instruction to)
    {
        foreach (var instruction in body.Instructions)
        {
            if (instruction.Operand == from)
            {
                instruction.Operand = to;
            }
            else if (instruction.Operand is Instruction[] targets)
            {
                for (var i = 0; i < targets.Length; i++)
                {
                    if (targets[i] == from)
                    {
                        targets[i] = to;
                    }
                }
            }
        }

        foreach (var handler in body.ExceptionHandlers)
        {
            if (handler.TryStart == from)
            {
                handler.TryStart = to;
            }

            if (handler.TryEnd == from)
            {
                handler.TryEnd = to;
            }

            if (handler.HandlerStart == from)
            {
                handler.HandlerStart = to;
            }

            if (handler.HandlerEnd == from)
            {
                handler.HandlerEnd = to;
            }

            if (handler.FilterStart == from)
            {
                handler.FilterStart = to;
            }
        }
    }
}
