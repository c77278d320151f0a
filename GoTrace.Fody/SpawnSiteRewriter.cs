using System;
using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace GoTrace.Fody;

/// <summary>
/// Where a woven method hands a delegate to an API that runs it elsewhere, the delegate is passed through
/// <c>Tracer.Spawn</c> first: <c>Task.Run(work)</c> becomes <c>Task.Run(Tracer.Spawn(work))</c>, so the work
/// knows the frame that started it. Delegates that are only stored or returned are left alone.
/// </summary>
internal sealed class SpawnSiteRewriter
{
    private const string SynchronizationContext = "System.Threading.SynchronizationContext";

    /// <summary>
    /// The APIs that start work elsewhere or later, as "DeclaringType::Method" (generic types by their definition),
    /// each with which of its delegate parameters to wrap (by their type as seen at the call), or null for all.
    /// </summary>
    private static readonly Dictionary<string, Func<TypeReference, bool>?> SpawnApis = new()
    {
        ["System.Threading.Tasks.Task::Run"] = null,
        ["System.Threading.Tasks.Task::.ctor"] = null,
        ["System.Threading.Tasks.Task`1::.ctor"] = null,
        ["System.Threading.Tasks.Task::ContinueWith"] = null,
        ["System.Threading.Tasks.Task`1::ContinueWith"] = null,
        ["System.Threading.Tasks.TaskFactory::StartNew"] = null,
        ["System.Threading.Tasks.TaskFactory`1::StartNew"] = null,
        ["System.Threading.Tasks.TaskFactory::ContinueWhenAll"] = null,
        ["System.Threading.Tasks.TaskFactory`1::ContinueWhenAll"] = null,
        ["System.Threading.Tasks.TaskFactory::ContinueWhenAny"] = null,
        ["System.Threading.Tasks.TaskFactory`1::ContinueWhenAny"] = null,

        // The begin method runs right there, inside FromAsync; the end method (it takes the IAsyncResult) runs when the
        // operation completes.
        ["System.Threading.Tasks.TaskFactory::FromAsync"] = TakesAsyncResult,
        ["System.Threading.Tasks.TaskFactory`1::FromAsync"] = TakesAsyncResult,
        ["System.Threading.ThreadPool::QueueUserWorkItem"] = null,
        ["System.Threading.ThreadPool::UnsafeQueueUserWorkItem"] = null,
        ["System.Threading.ThreadPool::RegisterWaitForSingleObject"] = null,
        ["System.Threading.ThreadPool::UnsafeRegisterWaitForSingleObject"] = null,
        ["System.Threading.Thread::.ctor"] = null,
        ["System.Threading.Timer::.ctor"] = null,
        ["System.Threading.Tasks.Parallel::For"] = null,
        ["System.Threading.Tasks.Parallel::ForEach"] = null,
        ["System.Threading.Tasks.Parallel::Invoke"] = null,
        [SynchronizationContext + "::Post"] = null,
        [SynchronizationContext + "::Send"] = null,
        ["System.Threading.CancellationToken::Register"] = null,
        ["System.Threading.CancellationToken::UnsafeRegister"] = null,
        ["System.Threading.ExecutionContext::Run"] = null,
    };

    private readonly RuntimeReferences _runtime;
    private readonly Dictionary<string, MethodDefinition> _spawnByDelegate;

    public SpawnSiteRewriter(RuntimeReferences runtime)
    {
        _runtime = runtime;
        _spawnByDelegate = runtime.SpawnOverloads.ToDictionary(m => m.Parameters[0].ParameterType.GetElementType().FullName + (m.Parameters[0].ParameterType.IsArray ? "[]" : string.Empty));
    }

    /// <summary>Rewrites every spawn site in the body; returns how many.</summary>
    public int Rewrite(MethodDefinition method)
    {
        var rewritten = 0;
        foreach (var call in method.Body.Instructions.Where(IsCall).ToList())
        {
            var target = (MethodReference)call.Operand;
            if (!IsSpawnApi(target, out var only))
            {
                continue;
            }

            var parameters = target.Parameters.Select(p => p.ParameterType.InContextOf(target)).ToList();
            var wrappers = parameters.Select(p => only == null || only(p) ? SpawnFor(p) : null).ToList();
            var first = wrappers.FindIndex(w => w != null);
            if (first < 0)
            {
                continue;
            }

            WrapArguments(method, call, parameters, wrappers, first);
            rewritten++;
        }

        return rewritten;
    }

    /// <summary>
    /// Whether the call starts work elsewhere; <paramref name="only"/> picks the delegate parameters to wrap (null:
    /// all). Post and Send count on any SynchronizationContext, also when the call names a derived type.
    /// </summary>
    private static bool IsSpawnApi(MethodReference target, out Func<TypeReference, bool>? only)
    {
        var declaring = target.DeclaringType.GetElementType();
        if (SpawnApis.TryGetValue(declaring.FullName + "::" + target.Name, out only))
        {
            return true;
        }

        return target.Name is "Post" or "Send" && target.HasThis && DerivesFrom(declaring, SynchronizationContext);
    }

    /// <summary>Action&lt;IAsyncResult&gt; or Func&lt;IAsyncResult, TResult&gt;: FromAsync's end method.</summary>
    private static bool TakesAsyncResult(TypeReference parameter) =>
        parameter is GenericInstanceType { GenericArguments.Count: > 0 } delegateType &&
        delegateType.GenericArguments[0].FullName == "System.IAsyncResult";

    private static bool DerivesFrom(TypeReference type, string baseName)
    {
        try
        {
            for (var t = type.Resolve()?.BaseType; t != null; t = t.Resolve()?.BaseType)
            {
                if (t.FullName == baseName)
                {
                    return true;
                }
            }
        }
        catch (AssemblyResolutionException)
        {
        }

        return false;
    }

    private static bool IsCall(Instruction instruction) =>
        instruction.OpCode.Code is Code.Call or Code.Callvirt or Code.Newobj && instruction.Operand is MethodReference;

    /// <summary>The Tracer.Spawn overload for a delegate parameter, closed over its type arguments; null for other parameters.</summary>
    private MethodReference? SpawnFor(TypeReference parameter)
    {
        var key = parameter.GetElementType().FullName + (parameter.IsArray ? "[]" : string.Empty);
        if (parameter.IsArray && ((ArrayType)parameter).ElementType.FullName != "System.Action")
        {
            return null;
        }

        if (!_spawnByDelegate.TryGetValue(parameter.IsArray ? "System.Action[]" : key, out var spawn))
        {
            return null;
        }

        var imported = _runtime.ImportMethod(spawn);
        if (!spawn.HasGenericParameters || parameter is not GenericInstanceType closed)
        {
            return imported;
        }

        var instance = new GenericInstanceMethod(imported);
        foreach (var argument in closed.GenericArguments)
        {
            instance.GenericArguments.Add(argument);
        }

        return instance;
    }

    /// <summary>
    /// Before the call: spill the arguments above the first delegate into locals, wrap each delegate on
    /// the way back. The call instruction itself becomes the first inserted instruction, so branches that
    /// targeted the call (as a ternary argument does) run the wrapping too.
    /// </summary>
    private static void WrapArguments(MethodDefinition method, Instruction call, List<TypeReference> parameters, List<MethodReference?> wrappers, int first)
    {
        var il = method.Body.GetILProcessor();
        var sequence = new List<Instruction>();
        var spills = new Dictionary<int, VariableDefinition>();
        for (var i = parameters.Count - 1; i > first; i--)
        {
            spills[i] = new VariableDefinition(parameters[i]);
            method.Body.Variables.Add(spills[i]);
            sequence.Add(il.Create(OpCodes.Stloc, spills[i]));
        }

        for (var i = first; i < parameters.Count; i++)
        {
            if (i > first)
            {
                sequence.Add(il.Create(OpCodes.Ldloc, spills[i]));
            }

            if (wrappers[i] is { } wrapper)
            {
                sequence.Add(il.Create(OpCodes.Call, wrapper));
            }
        }

        var original = il.Create(call.OpCode, (MethodReference)call.Operand);
        call.OpCode = sequence[0].OpCode;
        call.Operand = sequence[0].Operand;
        var previous = call;
        foreach (var instruction in sequence.Skip(1).Append(original))
        {
            il.InsertAfter(previous, instruction);
            previous = instruction;
        }
    }
}
