using System.Linq;
using Fody;
using Mono.Cecil;

namespace GoTrace.Fody;

/// <summary>The GoTrace.Runtime members woven code calls, imported into the module being woven.</summary>
internal sealed class RuntimeReferences
{
    private const string RuntimeAssembly = "GoTrace.Runtime";

    private RuntimeReferences(TypeReference threadBuffer, MethodReference enter, MethodReference exit, MethodReference registerModule)
    {
        ThreadBuffer = threadBuffer;
        Enter = enter;
        Exit = exit;
        RegisterModule = registerModule;
    }

    /// <summary>GoTrace.ThreadBuffer: what Enter hands to Exit.</summary>
    public TypeReference ThreadBuffer { get; }

    /// <summary>ThreadBuffer Tracer.Enter(int id)</summary>
    public MethodReference Enter { get; }

    /// <summary>void Tracer.Exit(ThreadBuffer buffer, int id)</summary>
    public MethodReference Exit { get; }

    /// <summary>int Tracer.RegisterModule(string assemblyName, int count, string table)</summary>
    public MethodReference RegisterModule { get; }

    public static RuntimeReferences Import(ModuleDefinition module)
    {
        var reference = module.AssemblyReferences.FirstOrDefault(r => r.Name == RuntimeAssembly)
            ?? new AssemblyNameReference(RuntimeAssembly, null);
        AssemblyDefinition? runtime;
        try
        {
            runtime = module.AssemblyResolver.Resolve(reference);
        }
        catch (AssemblyResolutionException)
        {
            runtime = null;
        }

        var tracer = runtime?.MainModule.GetType("GoTrace.Tracer")
            ?? throw new WeavingException(
                "GoTrace.Runtime.dll was not found next to the assembly's references; add the GoTrace.Fody package (it brings GoTrace.Runtime)");

        MethodReference Import(string name) =>
            module.ImportReference(tracer.Methods.Single(m => m.Name == name && m.IsPublic));

        var threadBuffer = module.ImportReference(runtime!.MainModule.GetType("GoTrace.ThreadBuffer"));
        return new RuntimeReferences(threadBuffer, Import("Enter"), Import("Exit"), Import("RegisterModule"));
    }
}
