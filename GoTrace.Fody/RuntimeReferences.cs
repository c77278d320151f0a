using System.Linq;
using Fody;
using Mono.Cecil;

namespace GoTrace.Fody;

/// <summary>The GoTrace.Runtime members woven code calls, imported into the module being woven.</summary>
internal sealed class RuntimeReferences
{
    private const string RuntimeAssembly = "GoTrace.Runtime";

    private readonly ModuleDefinition _module;
    private readonly TypeDefinition _tracer;

    private RuntimeReferences(ModuleDefinition module, TypeDefinition tracer)
    {
        _module = module;
        _tracer = tracer;
        ThreadBuffer = module.ImportReference(tracer.Module.GetType("GoTrace.ThreadBuffer"));
        Enter = Import("Enter");
        Exit = Import("Exit");
        Count = Import("Count");
        AsyncEnter = Import("AsyncEnter");
        AsyncExit = Import("AsyncExit");
        AsyncCompleting = Import("AsyncCompleting");
        RegisterModule = Import("RegisterModule");
    }

    /// <summary>GoTrace.ThreadBuffer: what Enter hands to Exit.</summary>
    public TypeReference ThreadBuffer { get; }

    /// <summary>ThreadBuffer Tracer.Enter(int id)</summary>
    public MethodReference Enter { get; }

    /// <summary>void Tracer.Exit(ThreadBuffer buffer, int id)</summary>
    public MethodReference Exit { get; }

    /// <summary>void Tracer.Count(int id): one call of a counted (tiny) function</summary>
    public MethodReference Count { get; }

    /// <summary>ThreadBuffer Tracer.AsyncEnter(ref long call, int id)</summary>
    public MethodReference AsyncEnter { get; }

    /// <summary>void Tracer.AsyncExit(ThreadBuffer buffer, int id, long call, int state)</summary>
    public MethodReference AsyncExit { get; }

    /// <summary>void Tracer.AsyncCompleting(ThreadBuffer buffer, ref long call, int state)</summary>
    public MethodReference AsyncCompleting { get; }

    /// <summary>int Tracer.RegisterModule(string assemblyName, int count, string table)</summary>
    public MethodReference RegisterModule { get; }

    /// <summary>The Tracer.Spawn overloads, each taking and returning one delegate type (or Action[]).</summary>
    public System.Collections.Generic.IEnumerable<MethodDefinition> SpawnOverloads =>
        _tracer.Methods.Where(m => m.Name == "Spawn" && m.IsPublic && m.Parameters.Count == 1);

    public MethodReference ImportMethod(MethodReference method) => _module.ImportReference(method);

    private MethodReference Import(string name) =>
        _module.ImportReference(_tracer.Methods.Single(m => m.Name == name && m.IsPublic));

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

        return new RuntimeReferences(module, tracer);
    }
}
