using System.Collections.Generic;
using System.Linq;
using System.Text;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace GoTrace.Fody;

/// <summary>
/// The module's function table, kept where reflection does not look: a field of the global <c>&lt;Module&gt;</c> type
/// set by the module initializer, <c>&lt;Module&gt;.&lt;GoTrace&gt;Base = Tracer.RegisterModule(name, count, table)</c>.
/// <c>Assembly.GetTypes()</c> never returns <c>&lt;Module&gt;</c>, and the runtime runs its initializer before any other
/// code of the module. Woven code adds its local id to the base; the runtime records the table in the trace file.
/// </summary>
internal sealed class FunctionTable
{
    /// <summary>The field every woven module carries on &lt;Module&gt;: how "already woven" is told.</summary>
    public const string BaseFieldName = "<GoTrace>Base";

    /// <summary>Where weavers before the table moved to &lt;Module&gt; kept it: a type of its own.</summary>
    private const string LegacyTypeName = "<GoTrace>FunctionTable";

    /// <summary>Function table flags (docs/trace-format.md, "Module"): bit 0 = counted, not timed.</summary>
    public const int CountedFlag = 1;

    private readonly List<string> _rows = new();

    public int Count => _rows.Count;

    public static bool IsWoven(ModuleDefinition module) =>
        module.GetType("<Module>")?.Fields.Any(f => f.Name == BaseFieldName) == true || module.GetType(LegacyTypeName) != null;

    /// <summary>Adds a function and returns its local id. One line: namespace, name, file, line, parameters, flags.</summary>
    public int Add(MethodDefinition method, bool counted)
    {
        var point = method.FirstSourcePoint();
        _rows.Add(string.Join("\t",
            Clean(FunctionNames.Namespace(method)),
            Clean(FunctionNames.Name(method)),
            Clean(point?.Document.Url ?? string.Empty),
            point?.StartLine ?? 0,
            Clean(FunctionNames.Parameters(method)),
            counted ? CountedFlag : 0));
        return _rows.Count - 1;
    }

    /// <summary>Adds the base field to &lt;Module&gt;.</summary>
    public static FieldDefinition DeclareBaseField(ModuleDefinition module)
    {
        var field = new FieldDefinition(BaseFieldName, FieldAttributes.Assembly | FieldAttributes.Static | FieldAttributes.InitOnly, module.TypeSystem.Int32);
        module.GetType("<Module>").Fields.Add(field);
        return field;
    }

    /// <summary>Registers the table first thing in the module initializer (made if the module has none), once every function is known.</summary>
    public void EmitRegistration(FieldDefinition baseField, RuntimeReferences runtime)
    {
        var module = baseField.Module;
        var moduleType = baseField.DeclaringType;
        var initializer = moduleType.Methods.FirstOrDefault(m => m.IsConstructor && m.IsStatic);
        if (initializer == null)
        {
            initializer = new MethodDefinition(".cctor",
                MethodAttributes.Private | MethodAttributes.Static | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName,
                module.TypeSystem.Void);
            initializer.Body.Instructions.Add(Instruction.Create(OpCodes.Ret));
            moduleType.Methods.Add(initializer);
        }

        // <GoTrace>Base = Tracer.RegisterModule("Assembly", count, "ns\tname\tfile\tline\tparameters\tflags\n...");
        // (before the module's own initializers, which may call woven code)
        var il = initializer.Body.GetILProcessor();
        var first = initializer.Body.Instructions[0];
        il.InsertBefore(first, il.Create(OpCodes.Ldstr, module.Assembly.Name.Name));
        il.InsertBefore(first, il.Create(OpCodes.Ldc_I4, Count));
        il.InsertBefore(first, il.Create(OpCodes.Ldstr, string.Join("\n", _rows)));
        il.InsertBefore(first, il.Create(OpCodes.Call, runtime.RegisterModule));
        il.InsertBefore(first, il.Create(OpCodes.Stsfld, baseField));
    }

    private static string Clean(string text)
    {
        var builder = new StringBuilder(text);
        builder.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
        return builder.ToString();
    }
}
