using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace GoTrace.Fody;

/// <summary>
/// Wraps one method body as
/// <c>var t = Tracer.Enter(FunctionTable.Base + id); try { body } finally { Tracer.Exit(t, FunctionTable.Base + id); }</c>.
/// </summary>
internal sealed class BodyInstrumenter
{
    private const int HiddenLine = 0xfeefee;

    private readonly RuntimeReferences _runtime;
    private readonly FieldReference _baseId;

    public BodyInstrumenter(RuntimeReferences runtime, FieldReference baseId)
    {
        _runtime = runtime;
        _baseId = baseId;
    }

    /// <summary>
    /// Wraps the body; for an async state machine's MoveNext (<paramref name="asyncFrame"/> given) the
    /// calls are Tracer.AsyncEnter/AsyncExit, which tie every run of MoveNext to one logical call.
    /// </summary>
    public void Instrument(MethodDefinition method, int localId, AsyncStateMachineFrame? asyncFrame = null)
    {
        var body = method.Body;
        body.SimplifyMacros();
        var il = body.GetILProcessor();

        DropTailPrefixes(body);
        var tryStart = TracedRegion.Start(method, out _)!;

        if (body.Variables.Count == 0)
        {
            body.InitLocals = true;
        }

        var token = new VariableDefinition(_runtime.ThreadBuffer);
        body.Variables.Add(token);
        if (asyncFrame != null)
        {
            AsyncCompletionMarker.Mark(body, asyncFrame, token, _runtime);
        }
        var result = method.ReturnsVoid() ? null : ResultSlot(method);

        // Handlers that ran to the end of the method must stop where our finally begins.
        var finallyStart = il.Create(OpCodes.Ldloc, token);
        foreach (var handler in body.ExceptionHandlers)
        {
            handler.TryEnd ??= finallyStart;
            handler.HandlerEnd ??= finallyStart;
        }

        var prologue = asyncFrame == null
            ? new[]
            {
                // var t = Tracer.Enter(FunctionTable.Base + localId);
                il.Create(OpCodes.Ldsfld, _baseId),
                il.Create(OpCodes.Ldc_I4, localId),
                il.Create(OpCodes.Add),
                il.Create(OpCodes.Call, _runtime.Enter),
                il.Create(OpCodes.Stloc, token),
            }
            : new[]
            {
                // var t = Tracer.AsyncEnter(ref this.<>gotrace_call, FunctionTable.Base + localId);
                il.Create(OpCodes.Ldarg_0),
                il.Create(OpCodes.Ldflda, asyncFrame.CallId),
                il.Create(OpCodes.Ldsfld, _baseId),
                il.Create(OpCodes.Ldc_I4, localId),
                il.Create(OpCodes.Add),
                il.Create(OpCodes.Call, _runtime.AsyncEnter),
                il.Create(OpCodes.Stloc, token),
            };
        foreach (var instruction in prologue)
        {
            il.InsertBefore(tryStart, instruction);
        }

        // return x;  becomes  result = x; leave epilogue;  (ret is illegal inside a try)
        var epilogue = result switch
        {
            VariableDefinition local => il.Create(OpCodes.Ldloc, local),
            ParameterDefinition argument => il.Create(OpCodes.Ldarg, argument),
            _ => il.Create(OpCodes.Ret),
        };
        foreach (var ret in body.Instructions.Where(i => i.OpCode == OpCodes.Ret).ToList())
        {
            if (result == null)
            {
                ret.OpCode = OpCodes.Leave;
                ret.Operand = epilogue;
            }
            else
            {
                ret.OpCode = result is ParameterDefinition ? OpCodes.Starg : OpCodes.Stloc;
                ret.Operand = result;
                il.InsertAfter(ret, il.Create(OpCodes.Leave, epilogue));
            }
        }

        // finally { Tracer.Exit(t, FunctionTable.Base + localId); }
        // or, in MoveNext, finally { Tracer.AsyncExit(t, FunctionTable.Base + localId, this.<>gotrace_call, this.<>1__state); }
        il.Append(finallyStart);
        il.Append(il.Create(OpCodes.Ldsfld, _baseId));
        il.Append(il.Create(OpCodes.Ldc_I4, localId));
        il.Append(il.Create(OpCodes.Add));
        if (asyncFrame == null)
        {
            il.Append(il.Create(OpCodes.Call, _runtime.Exit));
        }
        else
        {
            il.Append(il.Create(OpCodes.Ldarg_0));
            il.Append(il.Create(OpCodes.Ldfld, asyncFrame.CallId));
            il.Append(il.Create(OpCodes.Ldarg_0));
            il.Append(il.Create(OpCodes.Ldfld, asyncFrame.State));
            il.Append(il.Create(OpCodes.Call, _runtime.AsyncExit));
        }

        il.Append(il.Create(OpCodes.Endfinally));

        // return result;
        il.Append(epilogue);
        if (result != null)
        {
            il.Append(il.Create(OpCodes.Ret));
        }

        body.ExceptionHandlers.Add(new ExceptionHandler(ExceptionHandlerType.Finally)
        {
            TryStart = tryStart,
            TryEnd = finallyStart,
            HandlerStart = finallyStart,
            HandlerEnd = epilogue,
        });

        HideFromDebugger(method, prologue[0], finallyStart, epilogue);
        body.OptimizeMacros();
        SortSequencePoints(method);
    }

    /// <summary>
    /// A tiny member (<see cref="TinyMembers"/>) is counted, not timed: no try/finally, no clock, and marked
    /// AggressiveInlining so that the JIT still inlines it into its callers with the count in it.
    /// </summary>
    public void Count(MethodDefinition method, int localId)
    {
        var body = method.Body;
        body.SimplifyMacros();
        var il = body.GetILProcessor();
        var first = body.Instructions[0];

        // Tracer.Count(<GoTrace>Base + localId);
        var prologue = new[]
        {
            il.Create(OpCodes.Ldsfld, _baseId),
            il.Create(OpCodes.Ldc_I4, localId),
            il.Create(OpCodes.Add),
            il.Create(OpCodes.Call, _runtime.Count),
        };
        foreach (var instruction in prologue)
        {
            il.InsertBefore(first, instruction);
        }

        method.ImplAttributes |= MethodImplAttributes.AggressiveInlining;
        HideFromDebugger(method, prologue[0]);
        body.OptimizeMacros();
        SortSequencePoints(method);
    }

    /// <summary>
    /// Where the return value waits while the finally runs. Once a method returns, none of its locals or arguments
    /// is read again, so one of the return type can hold it instead of a new local: a compiler temporary (Debug
    /// builds keep one for every return), else an argument (its slot is in the frame already). Every slot less keeps a
    /// woven frame, and so the deepest recursion, closer to the original. Only slots whose address is never taken
    /// qualify, locals without a source name (a debugger shows no change), and neither <c>this</c> nor the arguments
    /// of a vararg method; else a local is added.
    /// </summary>
    private static object ResultSlot(MethodDefinition method)
    {
        var body = method.Body;
        var type = method.ReturnType.WithoutModifiers().FullName;
        var addressTaken = new System.Collections.Generic.HashSet<object>(body.Instructions
            .Where(i => i.OpCode.Code is Code.Ldloca or Code.Ldloca_S or Code.Ldarga or Code.Ldarga_S)
            .Select(i => i.Operand));
        var local = body.Variables.FirstOrDefault(v =>
            !v.IsPinned && v.VariableType.FullName == type && !addressTaken.Contains(v) && !method.DebugInformation.TryGetName(v, out _));
        if (local != null)
        {
            return local;
        }

        var argument = method.CallingConvention == MethodCallingConvention.VarArg ? null : method.Parameters.FirstOrDefault(p =>
            p.ParameterType.WithoutModifiers().FullName == type && !addressTaken.Contains(p));
        if (argument != null)
        {
            return argument;
        }

        var added = new VariableDefinition(method.ReturnType.WithoutModifiers());
        body.Variables.Add(added);
        return added;
    }

    /// <summary>A tail call cannot leave a try block: the prefix goes, the call stays.</summary>
    private static void DropTailPrefixes(MethodBody body)
    {
        foreach (var instruction in body.Instructions.Where(i => i.OpCode == OpCodes.Tail))
        {
            instruction.OpCode = OpCodes.Nop;
            instruction.Operand = null;
        }
    }

    /// <summary>Woven instructions get hidden sequence points so debuggers and stack traces skip them.</summary>
    private static void HideFromDebugger(MethodDefinition method, params Instruction[] starts)
    {
        var points = method.DebugInformation.SequencePoints;
        if (points.Count == 0)
        {
            return;
        }

        var document = points[0].Document;
        foreach (var start in starts)
        {
            points.Add(new SequencePoint(start, document) { StartLine = HiddenLine, EndLine = HiddenLine });
        }
    }

    /// <summary>Portable PDBs list sequence points in IL order: renumber offsets, then sort.</summary>
    private static void SortSequencePoints(MethodDefinition method)
    {
        var offset = 0;
        foreach (var instruction in method.Body.Instructions)
        {
            instruction.Offset = offset;
            offset += instruction.GetSize();
        }

        var points = method.DebugInformation.SequencePoints;
        var ordered = points.OrderBy(p => p.Offset).ToList();
        points.Clear();
        foreach (var point in ordered)
        {
            points.Add(point);
        }
    }
}
