using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace GoTrace.Fody;

/// <summary>
/// Marks where an async state machine completes its task: before each SetResult or SetException called on one
/// of its own fields (the method builder, or an async iterator's promise). Completing the task may run the
/// awaiting caller's continuation right there, so the end of the call is recorded before it, not when MoveNext
/// returns.
/// </summary>
internal static class AsyncCompletionMarker
{
    public static void Mark(MethodBody body, AsyncStateMachineFrame frame, VariableDefinition buffer, RuntimeReferences runtime)
    {
        var fieldTypes = new HashSet<string>(body.Method.DeclaringType.Fields.Select(f => f.FieldType.FullName));
        var completions = body.Instructions
            .Where(i => (i.OpCode == OpCodes.Call || i.OpCode == OpCodes.Callvirt) &&
                        i.Operand is MethodReference { Name: "SetResult" or "SetException" } method &&
                        fieldTypes.Contains(method.DeclaringType.FullName))
            .ToList();

        var il = body.GetILProcessor();
        foreach (var completion in completions)
        {
            // Tracer.AsyncCompleting(t, ref this.<>gotrace_call, this.<>1__state);  (t: what AsyncEnter returned)
            // (stack-neutral: the builder and the result stay on the stack beneath it)
            var hook = new[]
            {
                il.Create(OpCodes.Ldloc, buffer),
                il.Create(OpCodes.Ldarg_0),
                il.Create(OpCodes.Ldflda, frame.CallId),
                il.Create(OpCodes.Ldarg_0),
                il.Create(OpCodes.Ldfld, frame.State),
                il.Create(OpCodes.Call, runtime.AsyncCompleting),
            };
            foreach (var instruction in hook)
            {
                il.InsertBefore(completion, instruction);
            }

            body.RetargetJumps(completion, hook[0]);
        }
    }
}
