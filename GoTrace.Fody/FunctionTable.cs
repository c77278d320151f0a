using System.Collections.Generic;
using System.Text;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace GoTrace.Fody;

/// <summary>
/// The module's function table, emitted as
/// <c>static class &lt;GoTrace&gt;FunctionTable { static readonly int Base = Tracer.RegisterModule(name, count, table); }</c>.
/// Woven code adds its local id to Base; the runtime records the table in the trace file.
/// </summary>
internal sealed class FunctionTable
{
    public const string TypeName = "<GoTrace>FunctionTable";

    private readonly List<string> _rows = new();

    public int Count => _rows.Count;

    public static bool IsWoven(ModuleDefinition module) => module.GetType(TypeName) != null;

    /// <summary>Adds a function and returns its local id.</summary>
    public int Add(MethodDefinition method)
    {
        var point = method.FirstSourcePoint();
        _rows.Add(string.Join("\t",
            Clean(FunctionNames.Namespace(method)),
            Clean(FunctionNames.Name(method)),
            Clean(point?.Document.Url ?? string.Empty),
            point?.StartLine ?? 0));
        return _rows.Count - 1;
    }

    /// <summary>Creates the type with its Base field; its static constructor registers the table.</summary>
    public static FieldDefinition DeclareBaseField(ModuleDefinition module)
    {
        var type = new TypeDefinition(string.Empty, TypeName,
            TypeAttributes.NotPublic | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.BeforeFieldInit | TypeAttributes.Class,
            module.TypeSystem.Object);
        var field = new FieldDefinition("Base", FieldAttributes.Assembly | FieldAttributes.Static | FieldAttributes.InitOnly, module.TypeSystem.Int32);
        type.Fields.Add(field);
        module.Types.Add(type);
        return field;
    }

    /// <summary>Adds the static constructor once every function is known.</summary>
    public void EmitRegistration(FieldDefinition baseField, RuntimeReferences runtime)
    {
        var module = baseField.Module;
        var cctor = new MethodDefinition(".cctor",
            MethodAttributes.Private | MethodAttributes.Static | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName,
            module.TypeSystem.Void);
        var il = cctor.Body.GetILProcessor();

        // Base = Tracer.RegisterModule("Assembly", count, "ns\tname\tfile\tline\n...");
        il.Emit(OpCodes.Ldstr, module.Assembly.Name.Name);
        il.Emit(OpCodes.Ldc_I4, Count);
        il.Emit(OpCodes.Ldstr, string.Join("\n", _rows));
        il.Emit(OpCodes.Call, runtime.RegisterModule);
        il.Emit(OpCodes.Stsfld, baseField);
        il.Emit(OpCodes.Ret);
        baseField.DeclaringType.Methods.Add(cctor);
    }

    private static string Clean(string text)
    {
        var builder = new StringBuilder(text);
        builder.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
        return builder.ToString();
    }
}
