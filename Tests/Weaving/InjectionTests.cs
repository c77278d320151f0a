using System.Linq;
using GoTrace.Reporter;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Weaving;

/// <summary>What the weaver adds to a module, and where (docs/weaving.md, "What is injected").</summary>
[TestFixture]
public sealed class InjectionTests
{
    [Test]
    public void Woven_assembly_shows_reflection_the_types_of_the_original_and_no_others()
    {
        var original = typeof(AssemblyToProcess.Program).Assembly.GetTypes().Select(t => t.FullName).OrderBy(n => n).ToList();
        var woven = WovenAssembly.Assembly.GetTypes().Select(t => t.FullName).OrderBy(n => n).ToList();

        woven.ShouldBe(original);
    }

    [Test]
    public void Function_table_base_lives_on_the_module_type_and_is_registered_before_the_modules_own_initializer()
    {
        using var module = ModuleDefinition.ReadModule(WovenAssembly.Result.AssemblyPath);
        var moduleType = module.GetType("<Module>");
        moduleType.Fields.Select(f => f.Name).ShouldBe(new[] { "<GoTrace>Base" });

        var calls = moduleType.Methods.Single(m => m.IsConstructor && m.IsStatic).Body.Instructions
            .Where(i => i.OpCode == OpCodes.Call).Select(i => ((MethodReference)i.Operand).Name).ToList();
        calls.ShouldBe(new[] { "RegisterModule", "Initialize" });
    }

    [Test]
    public void Woven_code_called_by_the_modules_own_initializer_is_traced_under_its_name()
    {
        WovenAssembly.Type("AssemblyToProcess.Shapes.ModuleSetup").GetField("Greeting")!.GetValue(null).ShouldBe("module ready");
        using var trace = TraceFile.Open(TraceOutputSetup.TracePath);
        trace.EnterCounts().ShouldContainKey("AssemblyToProcess.Shapes.ModuleSetup.Initialize");
    }

    [TestCase("Overloads.Pick", "(int)")]
    [TestCase("Overloads.Pick", "(string)")]
    [TestCase("Overloads.Pick", "(int?, (int, string))")]
    [TestCase("Overloads.Pick<T>", "(List<T>, ref int, out string)")]
    [TestCase("Overloads.Pick", "(int[], in long)")]
    [TestCase("Overloads.LoadAsync", "(int)")]
    [TestCase("Overloads.LoadAsync", "(string)")]
    [TestCase("AsyncStore<T>.IAsyncStore<T>.GetAsync", "(string)")]
    [TestCase("AsyncStore<T>.IAsyncStore<T>.PutAsync", "(string, T)")]
    [TestCase("Dog..ctor", "(string, int)")]
    [TestCase("Dog..ctor", "(string)")]
    public void Function_table_gives_each_function_its_parameter_types_as_CSharp_reads_them(string name, string parameters)
    {
        using var trace = WovenAssembly.OpenTrace();
        trace.Functions.Where(f => f.BaseFullName == "AssemblyToProcess.Shapes." + name).Select(f => f.Parameters).ShouldContain(parameters);
    }

    [Test]
    public void Async_explicit_interface_implementation_is_named_like_its_synchronous_sibling()
    {
        using var trace = WovenAssembly.OpenTrace();
        var names = trace.Functions.Where(f => f.Name.StartsWith("AsyncStore<T>.")).Select(f => f.Name).ToList();

        names.ShouldBe(new[] { "AsyncStore<T>.IAsyncStore<T>.GetAsync", "AsyncStore<T>.IAsyncStore<T>.PutAsync", "AsyncStore<T>..ctor" }, ignoreOrder: true);
    }
}
