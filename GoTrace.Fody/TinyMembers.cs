using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace GoTrace.Fody;

/// <summary>
/// Which methods are tiny: those the JIT inlines into their callers untraced, whose calls cost next to nothing.
/// Timing them would put the tracer's own cost on the most-called members (a field getter called 95 M times),
/// so by default their calls are only counted, in place, and their time stays with the caller.
/// The rule reads the compiled IL the way the JIT's inliner does (docs/weaving.md, "Tiny members"):
/// at most <see cref="MaxCodeSize"/> bytes of IL (the JIT's "always inline" size: below it a method is inlined
/// without weighing its profit), no calls (a call is what makes a body worth timing, and a callee the JIT does
/// not inline), no loops (backward branches), no exception handling, nothing that keeps the JIT from inlining
/// (throw, localloc, a tail call, NoInlining, NoOptimization, Synchronized). Static constructors run once and
/// are never inlined; async and iterator MoveNext methods are never tiny.
/// </summary>
internal static class TinyMembers
{
    /// <summary>The JIT's ALWAYS_INLINE_SIZE: IL bodies this small are inlined wherever inlining is allowed.</summary>
    public const int MaxCodeSize = 16;

    /// <summary>True for a body the weaver counts instead of timing. Call before anything changed the body.</summary>
    public static bool IsTiny(MethodDefinition method)
    {
        if (!method.HasBody || (method.IsConstructor && method.IsStatic) || method.DeclaringType.IsStateMachine() ||
            method.NoInlining || method.NoOptimization || method.IsSynchronized)
        {
            return false;
        }

        var body = method.Body;
        if (body.HasExceptionHandlers || body.Instructions.Count == 0)
        {
            return false;
        }

        var size = 0;
        foreach (var instruction in body.Instructions)
        {
            instruction.Offset = size;
            size += instruction.GetSize();
        }

        return size <= MaxCodeSize && body.Instructions.All(IsInlineFriendly);
    }

    private static bool IsInlineFriendly(Instruction instruction)
    {
        var code = instruction.OpCode.Code;
        if (instruction.OpCode.FlowControl is FlowControl.Call or FlowControl.Throw ||
            code is Code.Localloc or Code.Tail or Code.Jmp)
        {
            return false;
        }

        // A branch back to this instruction or earlier is a loop.
        return instruction.Operand switch
        {
            Instruction target => target.Offset > instruction.Offset,
            Instruction[] targets => targets.All(t => t.Offset > instruction.Offset),
            _ => true,
        };
    }
}
