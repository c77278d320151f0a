using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Rocks;

namespace GoTrace.Fody;

/// <summary>
/// An async state machine prepared for logical-call tracing: a new <c>long &lt;&gt;gotrace_call</c> field
/// holding the call's id, and Roslyn's <c>&lt;&gt;1__state</c> field (-2 once the task completed).
/// Both are referenced through the type's own generic instance, as MoveNext of a generic machine must.
/// </summary>
internal sealed class AsyncStateMachineFrame
{
    public const string CallIdField = "<>gotrace_call";
    private const string StateField = "<>1__state";

    private AsyncStateMachineFrame(FieldReference callId, FieldReference state)
    {
        CallId = callId;
        State = state;
    }

    public FieldReference CallId { get; }

    public FieldReference State { get; }

    /// <summary>Null for anything but the MoveNext of a Roslyn async state machine.</summary>
    public static AsyncStateMachineFrame? For(MethodDefinition method)
    {
        var type = method.DeclaringType;
        var state = type.Fields.FirstOrDefault(f => f.Name == StateField && f.FieldType.MetadataType == MetadataType.Int32);
        if (method.Name != "MoveNext" || state == null ||
            !type.Interfaces.Any(i => i.InterfaceType.FullName == "System.Runtime.CompilerServices.IAsyncStateMachine"))
        {
            return null;
        }

        var callId = type.Fields.FirstOrDefault(f => f.Name == CallIdField);
        if (callId == null)
        {
            callId = new FieldDefinition(CallIdField, FieldAttributes.Public, method.Module.TypeSystem.Int64);
            type.Fields.Add(callId);
        }

        return new AsyncStateMachineFrame(OnSelf(callId), OnSelf(state));
    }

    private static FieldReference OnSelf(FieldDefinition field)
    {
        var type = field.DeclaringType;
        if (!type.HasGenericParameters)
        {
            return field;
        }

        var self = type.MakeGenericInstanceType(type.GenericParameters.Cast<TypeReference>().ToArray());
        return new FieldReference(field.Name, field.FieldType, self);
    }
}
