using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace GoTrace.Fody;

/// <summary>
/// Where a method's traced region (its try block) begins: the first instruction, or in a constructor the first
/// point after its <c>base(...)</c> or <c>this(...)</c> call where the evaluation stack is empty. The initializer
/// call stays outside the region, so the constructor it calls shows beside the calling one, for classes and
/// structs alike. Its arguments may branch (<c>: this(a, cond ? b : c)</c>, <c>: this(x?.Name)</c>,
/// <c>: base(x ?? throw …)</c>): the call is found, and the stack measured, along the control flow.
/// </summary>
internal static class TracedRegion
{
    /// <summary>The first traced instruction; null, with the reason in <paramref name="problem"/>, when there is no safe one.</summary>
    public static Instruction? Start(MethodDefinition method, out string? problem)
    {
        problem = null;
        var body = method.Body;
        if (!method.IsInstanceConstructor())
        {
            return body.Instructions[0];
        }

        var flow = StackFlow.Of(body);
        var call = InitializerCall(method, flow);
        if (call == null)
        {
            return body.Instructions[0];
        }

        var initializer = ((MethodReference)call.Operand).DeclaringType.GetElementType().FullName == method.DeclaringType.FullName
            ? "this(...)"
            : "base(...)";

        // Release builds may keep a value (a closure) on the stack across the call: start where it is gone.
        var depth = call.DepthAfter(flow.DepthBefore(call));
        var start = call.Next;
        while (depth != 0)
        {
            if (start == null || start.OpCode.FlowControl is FlowControl.Branch or FlowControl.Cond_Branch or FlowControl.Throw or FlowControl.Return)
            {
                problem = $"keeps values on the evaluation stack across its {initializer} call";
                return null;
            }

            depth = start.DepthAfter(depth);
            start = start.Next;
        }

        if (start == null || JumpsIntoRegion(body, start))
        {
            problem = $"jumps past its {initializer} call";
            return null;
        }

        return start;
    }

    /// <summary>
    /// The constructor's this(...) or base(...) call: a call of a constructor of its own type, or (for a class) of its base
    /// type, on <c>this</c>. A struct has no base call, and calls of its own constructors on other values are not it.
    /// </summary>
    private static Instruction? InitializerCall(MethodDefinition method, StackFlow flow)
    {
        var self = method.DeclaringType.FullName;
        var baseType = method.DeclaringType.IsValueType ? null : method.DeclaringType.BaseType?.GetElementType().FullName;
        var candidates = method.Body.Instructions.Where(i =>
            i.OpCode.Code == Code.Call && flow.Reaches(i) &&
            i.Operand is MethodReference { Name: ".ctor", HasThis: true } callee &&
            callee.DeclaringType.GetElementType().FullName is var target && (target == self || target == baseType)).ToList();

        var onThis = candidates.FirstOrDefault(call =>
            flow.HoldsThis(call, flow.DepthBefore(call) - ((MethodReference)call.Operand).Parameters.Count - 1));
        return onThis ?? (method.DeclaringType.IsValueType ? null : candidates.FirstOrDefault());
    }

    /// <summary>Whether code before <paramref name="start"/> jumps to it or past it, or a protected block straddles it.</summary>
    private static bool JumpsIntoRegion(MethodBody body, Instruction start)
    {
        var index = body.Instructions.IndexOf(start);
        var position = body.Instructions.Select((instruction, i) => (instruction, i)).ToDictionary(p => p.instruction, p => p.i);
        for (var i = 0; i < index; i++)
        {
            var targets = body.Instructions[i].Operand switch
            {
                Instruction target => new[] { target },
                Instruction[] many => many,
                _ => new Instruction[0],
            };
            if (targets.Any(t => position[t] >= index))
            {
                return true;
            }
        }

        return body.ExceptionHandlers.Any(h =>
            Straddles(position, h.TryStart, h.TryEnd, index) || Straddles(position, h.HandlerStart, h.HandlerEnd, index));
    }

    private static bool Straddles(System.Collections.Generic.Dictionary<Instruction, int> position, Instruction start, Instruction? end, int index) =>
        position[start] < index && (end == null || position[end] > index);
}
