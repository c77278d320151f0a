using Mono.Cecil;
using Mono.Cecil.Cil;

namespace GoTrace.Fody;

/// <summary>How many values an instruction takes from and leaves on the evaluation stack.</summary>
internal static class StackEffects
{
    /// <summary>The stack depth after <paramref name="instruction"/> runs at <paramref name="depth"/>.</summary>
    public static int DepthAfter(this Instruction instruction, int depth) =>
        depth - instruction.Pops(depth) + instruction.Pushes();

    /// <summary>How many values <paramref name="instruction"/> takes off a stack <paramref name="depth"/> deep.</summary>
    public static int Pops(this Instruction instruction, int depth)
    {
        var code = instruction.OpCode;
        if (code.FlowControl == FlowControl.Call && instruction.Operand is IMethodSignature signature)
        {
            var pops = signature.Parameters.Count;
            if (signature.HasThis && code.Code != Code.Newobj)
            {
                pops++;
            }

            return code.Code == Code.Calli ? pops + 1 : pops;
        }

        return code.StackBehaviourPop switch
        {
            StackBehaviour.Pop0 => 0,
            StackBehaviour.Pop1 or StackBehaviour.Popi or StackBehaviour.Popref => 1,
            StackBehaviour.Pop1_pop1 or StackBehaviour.Popi_pop1 or StackBehaviour.Popi_popi or StackBehaviour.Popi_popi8 or
                StackBehaviour.Popi_popr4 or StackBehaviour.Popi_popr8 or StackBehaviour.Popref_pop1 or StackBehaviour.Popref_popi => 2,
            StackBehaviour.Popi_popi_popi or StackBehaviour.Popref_popi_popi or StackBehaviour.Popref_popi_popi8 or
                StackBehaviour.Popref_popi_popr4 or StackBehaviour.Popref_popi_popr8 or StackBehaviour.Popref_popi_popref => 3,
            StackBehaviour.PopAll => depth,
            _ => 0,
        };
    }

    private static int Pushes(this Instruction instruction)
    {
        var code = instruction.OpCode;
        if (code.FlowControl == FlowControl.Call && instruction.Operand is IMethodSignature signature)
        {
            return code.Code == Code.Newobj || signature.ReturnType.WithoutModifiers().MetadataType != MetadataType.Void ? 1 : 0;
        }

        return code.StackBehaviourPush switch
        {
            StackBehaviour.Push0 => 0,
            StackBehaviour.Push1_push1 => 2,
            _ => 1,
        };
    }
}
