using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using Fody;
using Mono.Cecil;
using Mono.Cecil.Rocks;

namespace GoTrace.Fody;

/// <summary>
/// Fody entry point: every method with user code gets
/// <c>var t = Tracer.Enter(id); try { body } finally { Tracer.Exit(t); }</c>.
/// </summary>
public sealed class ModuleWeaver : BaseModuleWeaver
{
    private readonly List<SkippedMethod> _skipped = new();
    private readonly List<string> _notTraced = new();

    /// <summary>How many methods got enter/exit calls in the last run.</summary>
    public int WovenCount { get; private set; }

    /// <summary>How many of those are tiny members whose calls are counted, not timed.</summary>
    public int CountedCount { get; private set; }

    /// <summary>How many calls that start work elsewhere (Task.Run, new Thread, …) were rewritten in the last run.</summary>
    public int SpawnSites { get; private set; }

    /// <summary>Methods left alone in the last run, with the reason (methods without a body are not listed).</summary>
    public IReadOnlyList<SkippedMethod> Skipped => _skipped;

    /// <summary>
    /// The lines said, in the last run, about methods with user code that could not be woven safely. They are build
    /// messages of high importance, shown at the default verbosity; never warnings, which TreatWarningsAsErrors
    /// would turn into a failed build.
    /// </summary>
    public IReadOnlyList<string> NotTraced => _notTraced;

    public override bool ShouldCleanReference => false;

    public override IEnumerable<string> GetAssembliesForScanning() => Enumerable.Empty<string>();

    /// <summary>What is wrong with a &lt;GoTrace /&gt; element, one message per problem; empty when it is fine.</summary>
    public static IReadOnlyList<string> CheckConfig(XElement config)
    {
        var errors = new List<string>();
        WeaverConfig.Read(config, errors);
        return errors;
    }

    /// <summary>Whether GoTrace already wove this module (its function table is there).</summary>
    public static bool IsWoven(ModuleDefinition module) => FunctionTable.IsWoven(module);

    public override void Execute()
    {
        var errors = new List<string>();
        var config = WeaverConfig.Read(Config, errors);
        if (errors.Count > 0)
        {
            throw new WeavingException("GoTrace configuration in FodyWeavers.xml: " + string.Join("; ", errors));
        }

        if (FunctionTable.IsWoven(ModuleDefinition))
        {
            throw new WeavingException($"{ModuleDefinition.Assembly.Name.Name} is already woven by GoTrace; weave the original build output");
        }

        var selector = new MethodSelector(ModuleDefinition, config);
        var table = new FunctionTable();
        var chosen = new List<(MethodDefinition Method, int Id, bool Counted)>();
        foreach (var method in ModuleDefinition.GetTypes().SelectMany(t => t.Methods))
        {
            var reason = selector.ReasonToSkip(method);
            if (reason == null && MethodSelector.UnsafeToWeave(method) is { } danger)
            {
                reason = danger;
                var point = method.FirstSourcePoint();
                var where = point == null ? string.Empty : $" ({point.Document.Url}:{point.StartLine})";
                _notTraced.Add($"{method.FullName} is not traced: it {danger}{where}");
                WriteMessage(_notTraced[_notTraced.Count - 1], MessageImportance.High);
            }

            if (reason != null)
            {
                if (method.HasBody)
                {
                    _skipped.Add(new SkippedMethod(method.FullName, reason));
                }

                continue;
            }

            var counted = config.CountTinyMembers && TinyMembers.IsTiny(method);
            chosen.Add((method, table.Add(method, counted), counted));
        }

        WovenCount = chosen.Count;
        CountedCount = chosen.Count(c => c.Counted);
        if (chosen.Count == 0)
        {
            WriteMessage($"no method of {ModuleDefinition.Assembly.Name.Name} selected for tracing", MessageImportance.High);
            return;
        }

        var runtime = RuntimeReferences.Import(ModuleDefinition);
        var baseId = FunctionTable.DeclareBaseField(ModuleDefinition);
        var instrumenter = new BodyInstrumenter(runtime, baseId);
        var spawnSites = new SpawnSiteRewriter(runtime);
        foreach (var (method, id, counted) in chosen)
        {
            if (counted)
            {
                instrumenter.Count(method, id);
                continue;
            }

            method.Body.SimplifyMacros();
            SpawnSites += spawnSites.Rewrite(method);
            instrumenter.Instrument(method, id, AsyncStateMachineFrame.For(method));
        }

        table.EmitRegistration(baseId, runtime);
        // Said at the default build verbosity, so that a user can tell the build was woven.
        WriteMessage($"traced {chosen.Count} {(chosen.Count == 1 ? "method" : "methods")} of {ModuleDefinition.Assembly.Name.Name} " +
            $"({CountedCount} tiny {(CountedCount == 1 ? "member" : "members")} counted, not timed), skipped {_skipped.Count}", MessageImportance.High);
    }
}
