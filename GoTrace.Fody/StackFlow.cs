using System.Collections.Generic;
using Mono.Cecil.Cil;

namespace GoTrace.Fody;

/// <summary>
/// The evaluation stack before each instruction, followed along the control flow (branches, switches, exception
/// handlers), as the runtime's verifier sees it: its depth, and which slots hold <c>this</c> (the value ldarg.0
/// loads in an instance method). Reading the IL in order gets the depth wrong after a branch: in
/// <c>cond ? b : c</c> the instruction after the first arm's jump starts over from the depth before the arm.
/// </summary>
internal sealed class StackFlow
{
    private readonly Dictionary<Instruction, (int Depth, ulong This)> _before = new();

    private StackFlow()
    {
    }

    /// <summary>False for code no path from the method's start or a handler reaches.</summary>
    public bool Reaches(Instruction instruction) => _before.ContainsKey(instruction);

    /// <summary>How many values are on the stack before <paramref name="instruction"/> runs.</summary>
    public int DepthBefore(Instruction instruction) => _before[instruction].Depth;

    /// <summary>Whether the stack slot <paramref name="slot"/> (0 = bottom) holds <c>this</c> before <paramref name="instruction"/>.</summary>
    public bool HoldsThis(Instruction instruction, int slot) =>
        slot is >= 0 and < 64 && (_before[instruction].This & (1UL << slot)) != 0;

    public static StackFlow Of(MethodBody body)
    {
        var flow = new StackFlow();
        var pending = new Stack<Instruction>();

        void Reach(Instruction target, int depth, ulong self)
        {
            if (flow._before.TryGetValue(target, out var known))
            {
                // Valid IL meets with equal depths; a slot holds this only when it does on every path.
                var merged = known.This & self;
                if (merged == known.This)
                {
                    return;
                }

                self = merged;
            }

            flow._before[target] = (depth, self);
            pending.Push(target);
        }

        if (body.Instructions.Count > 0)
        {
            Reach(body.Instructions[0], 0, 0);
        }

        foreach (var handler in body.ExceptionHandlers)
        {
            var catches = handler.HandlerType is ExceptionHandlerType.Catch or ExceptionHandlerType.Filter;
            Reach(handler.HandlerStart, catches ? 1 : 0, 0);
            if (handler.FilterStart != null)
            {
                Reach(handler.FilterStart, 1, 0);
            }
        }

        while (pending.Count > 0)
        {
            var instruction = pending.Pop();
            var (depth, self) = flow._before[instruction];
            var after = instruction.DepthAfter(depth);
            self = Effect(instruction, depth, after, self, body);
            foreach (var next in Successors(instruction))
            {
                var leaving = instruction.OpCode.Code is Code.Leave or Code.Leave_S;
                Reach(next, leaving ? 0 : after, leaving ? 0 : self);
            }
        }

        return flow;
    }

    /// <summary>The this-slots after the instruction: popped slots cleared, ldarg.0 and dup of this pushing this.</summary>
    private static ulong Effect(Instruction instruction, int depth, int after, ulong self, MethodBody body)
    {
        var pushesThis = IsLoadThis(instruction, body) ||
            (instruction.OpCode.Code == Code.Dup && depth is > 0 and <= 64 && (self & (1UL << (depth - 1))) != 0);
        var remaining = instruction.OpCode.Code == Code.Dup ? depth : depth - instruction.Pops(depth);
        var kept = remaining >= 64 ? self : self & ((1UL << System.Math.Max(remaining, 0)) - 1);
        return pushesThis && after is > 0 and <= 64 ? kept | (1UL << (after - 1)) : kept;
    }

    private static bool IsLoadThis(Instruction instruction, MethodBody body) =>
        body.Method.HasThis &&
        (instruction.OpCode.Code == Code.Ldarg_0 ||
         (instruction.OpCode.Code is Code.Ldarg or Code.Ldarg_S && instruction.Operand == body.ThisParameter));

    private static IEnumerable<Instruction> Successors(Instruction instruction)
    {
        switch (instruction.OpCode.FlowControl)
        {
            case FlowControl.Branch:
                yield return (Instruction)instruction.Operand;
                break;
            case FlowControl.Cond_Branch:
                if (instruction.Operand is Instruction[] targets)
                {
                    foreach (var target in targets)
                    {
                        yield return target;
                    }
                }
                else
                {
                    yield return (Instruction)instruction.Operand;
                }

                if (instruction.Next != null)
                {
                    yield return instruction.Next;
                }

                break;
            case FlowControl.Return:
            case FlowControl.Throw:
                break;
            default:
                if (instruction.Next != null)
                {
                    yield return instruction.Next;
                }

                break;
        }
    }
}
