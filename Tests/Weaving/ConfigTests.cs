using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Fody;
using GoTrace.Fody;
using Mono.Cecil;
using Mono.Cecil.Cil;
using System.Collections.Generic;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Weaving;

/// <summary>FodyWeavers.xml's Include/Exclude filters, run through the weaver on the real AssemblyToProcess.</summary>
[TestFixture]
public sealed class ConfigTests
{
    [Test]
    public void Malformed_include_is_an_error_naming_the_attribute_and_the_filter()
    {
        var error = Should.Throw<WeavingException>(() => Weave("<GoTrace Include='[AssemblyToProcess' />"));
        error.Message.ShouldContain("Include");
        error.Message.ShouldContain("'[AssemblyToProcess'");
        error.Message.ShouldContain("[AssemblyGlob]TypeGlob");
    }

    [Test]
    public void Empty_filter_between_bars_is_an_error()
    {
        Should.Throw<WeavingException>(() => Weave("<GoTrace Exclude='*.Records*||*.Generics*' />"))
            .Message.ShouldContain("Exclude");
    }

    [Test]
    public void Unknown_attribute_is_an_error_that_says_what_is_expected()
    {
        var error = Should.Throw<WeavingException>(() => Weave("<GoTrace Includes='*' />"));
        error.Message.ShouldContain("'Includes'");
        error.Message.ShouldContain("expected Include, Exclude or TinyMembers");
    }

    [Test]
    public void Tiny_members_are_counted_by_default_and_TinyMembers_Time_times_them()
    {
        var counting = Weave("<GoTrace />");
        counting.CountedCount.ShouldBeGreaterThan(10);
        Weave("<GoTrace TinyMembers='count' />").CountedCount.ShouldBe(counting.CountedCount);

        var timing = Weave("<GoTrace TinyMembers='Time' />");
        timing.CountedCount.ShouldBe(0);
        timing.WovenCount.ShouldBe(counting.WovenCount);
    }

    [Test]
    public void Unknown_TinyMembers_value_is_an_error_naming_the_choices()
    {
        var error = Should.Throw<WeavingException>(() => Weave("<GoTrace TinyMembers='skip' />"));
        error.Message.ShouldContain("TinyMembers: 'skip' is not a choice: expected Count");
        error.Message.ShouldContain("or Time");
    }

    [Test]
    public void Include_selects_types_by_assembly_and_type_glob()
    {
        var weaver = Weave("<GoTrace Include='[AssemblyToProcess]AssemblyToProcess.Shapes.*' />");
        weaver.WovenCount.ShouldBeGreaterThan(10);
        weaver.Skipped.ShouldContain(s => s.Name.Contains("AssemblyToProcess.Cases::") && s.Reason == "not selected by Include/Exclude");
        weaver.Skipped.ShouldNotContain(s => s.Name.Contains("AssemblyToProcess.Shapes.") && s.Reason == "not selected by Include/Exclude");
    }

    [Test]
    public void Include_for_another_assembly_selects_nothing()
    {
        Weave("<GoTrace Include='[SomeOtherApp]*' />").WovenCount.ShouldBe(0);
    }

    [Test]
    public void Exclude_wins_over_include_and_brackets_are_optional()
    {
        var all = Weave("<GoTrace />");
        var weaver = Weave("<GoTrace Include='*' Exclude='*.Shapes.*|[AssemblyToProcess]AssemblyToProcess.Program' />");
        weaver.WovenCount.ShouldBeLessThan(all.WovenCount);
        weaver.Skipped.Where(s => s.Reason == "not selected by Include/Exclude").Select(s => s.Name)
            .ShouldAllBe(n => n.Contains("AssemblyToProcess.Shapes.") || n.Contains("AssemblyToProcess.Program"));
        weaver.Skipped.ShouldContain(s => s.Name.Contains("AssemblyToProcess.Program::Main"));
    }

    [Test]
    public void Weaving_a_woven_assembly_is_refused()
    {
        var module = ReadModule(WovenAssembly.Result.AssemblyPath);
        var weaver = NewWeaver(module, new XElement("GoTrace"));
        Should.Throw<WeavingException>(weaver.Execute).Message.ShouldContain("already woven");
    }

    [Test]
    public void Compiler_plumbing_and_opted_out_code_are_skipped_with_reasons()
    {
        var weaver = Weave("<GoTrace />");
        weaver.Skipped.ShouldContain(s => s.Reason == "compiler-generated");
        weaver.Skipped.ShouldContain(s => s.Reason == "[NoTrace]");
        weaver.Skipped.ShouldContain(s => s.Reason == "[GeneratedCode]");
        weaver.Skipped.ShouldContain(s => s.Reason == "generated source file");
        weaver.Skipped.ShouldContain(s => s.Reason.StartsWith("async/iterator stub"));
    }

    [Test]
    public void NoTrace_on_the_assembly_leaves_every_method_alone()
    {
        var module = ReadModule(WovenAssembly.OriginalPath);
        var noTrace = module.AssemblyResolver.Resolve(module.AssemblyReferences.Single(r => r.Name == "GoTrace.Runtime"))
            .MainModule.GetType("GoTrace.NoTraceAttribute");
        module.Assembly.CustomAttributes.Add(new CustomAttribute(module.ImportReference(noTrace.Methods.Single(m => m.IsConstructor))));
        var weaver = NewWeaver(module, new XElement("GoTrace"));

        weaver.Execute();

        weaver.WovenCount.ShouldBe(0);
        weaver.Skipped.ShouldContain(s => s.Reason == "[NoTrace] on the assembly");
    }

    [Test]
    public void Method_that_cannot_be_woven_safely_is_skipped_with_a_message_naming_it_never_a_warning()
    {
        // C# never emits `jmp`; build such a method by hand next to the real ones.
        var module = ReadModule(WovenAssembly.OriginalPath);
        var type = module.GetType("AssemblyToProcess.Shapes.ExceptionShapes");
        var target = type.Methods.Single(m => m.Name == "ThrowOnly");
        var jumper = new MethodDefinition("JumpsAway", MethodAttributes.Public | MethodAttributes.Static, module.TypeSystem.Void);
        jumper.Parameters.Add(new ParameterDefinition("message", ParameterAttributes.None, module.TypeSystem.String));
        jumper.Body.GetILProcessor().Emit(OpCodes.Jmp, target);
        type.Methods.Add(jumper);

        var (weaver, warnings, messages) = Execute(module);

        warnings.ShouldBeEmpty();
        messages.ShouldContain(m => m.Importance == MessageImportance.High &&
            m.Text.EndsWith("AssemblyToProcess.Shapes.ExceptionShapes::JumpsAway(System.String) is not traced: it uses the jmp instruction"));
        weaver.NotTraced.ShouldHaveSingleItem().ShouldContain("JumpsAway");
        weaver.Skipped.ShouldContain(s => s.Name.Contains("JumpsAway") && s.Reason == "uses the jmp instruction");
        weaver.WovenCount.ShouldBeGreaterThan(100);
    }

    [Test]
    public void A_constructor_keeping_a_value_across_its_this_call_is_named_as_such()
    {
        // new Options(int): ldc.i4.1 stays on the stack across this("x"), then decides a branch.
        var module = ReadModule(WovenAssembly.OriginalPath);
        var type = module.GetType("AssemblyToProcess.Shapes.Options");
        var chained = type.Methods.Single(m => m.IsConstructor && !m.IsStatic);
        var constructor = new MethodDefinition(".ctor", chained.Attributes, module.TypeSystem.Void);
        constructor.Parameters.Add(new ParameterDefinition("n", ParameterAttributes.None, module.TypeSystem.Int32));
        var il = constructor.Body.GetILProcessor();
        var end = il.Create(OpCodes.Ret);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldstr, "x");
        il.Emit(OpCodes.Call, chained);
        il.Emit(OpCodes.Brtrue, end);
        il.Append(end);
        type.Methods.Add(constructor);

        var (weaver, warnings, messages) = Execute(module);

        warnings.ShouldBeEmpty();
        weaver.NotTraced.ShouldHaveSingleItem().ShouldEndWith(
            "AssemblyToProcess.Shapes.Options::.ctor(System.Int32) is not traced: it keeps values on the evaluation stack across its this(...) call");
        messages.ShouldContain(m => m.Importance == MessageImportance.High && m.Text == weaver.NotTraced[0]);
    }

    [Test]
    public void Weaving_says_how_many_methods_it_traced_at_high_importance()
    {
        var (weaver, _, messages) = Execute(ReadModule(WovenAssembly.OriginalPath));

        messages.ShouldContain(m => m.Importance == MessageImportance.High &&
            m.Text == $"traced {weaver.WovenCount} methods of AssemblyToProcess ({weaver.CountedCount} tiny members counted, not timed), skipped {weaver.Skipped.Count}");
    }

    private static (ModuleWeaver Weaver, List<string> Warnings, List<(string Text, MessageImportance Importance)> Messages) Execute(ModuleDefinition module)
    {
        var warnings = new List<string>();
        var messages = new List<(string, MessageImportance)>();
        var weaver = NewWeaver(module, new XElement("GoTrace"));
#pragma warning disable CS0618
        weaver.LogWarning = warnings.Add;
        weaver.LogWarningPoint = (message, _) => warnings.Add(message);
        weaver.LogMessage = (message, importance) => messages.Add((message, importance));
#pragma warning restore CS0618
        weaver.Execute();
        return (weaver, warnings, messages);
    }

    internal static ModuleWeaver Weave(string config)
    {
        var weaver = NewWeaver(ReadModule(WovenAssembly.OriginalPath), XElement.Parse(config));
        weaver.Execute();
        return weaver;
    }

#pragma warning disable CS0618 // Fody marks the log hooks obsolete for weavers to call; hosts still set them.
    private static ModuleWeaver NewWeaver(ModuleDefinition module, XElement config) => new()
    {
        ModuleDefinition = module,
        Config = config,
        LogWarning = _ => { },
        LogInfo = _ => { },
        LogDebug = _ => { },
        LogError = message => throw new InvalidOperationException(message),
    };
#pragma warning restore CS0618

    private static ModuleDefinition ReadModule(string path)
    {
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(RepoPaths.TestOutput);
        resolver.AddSearchDirectory(Path.GetDirectoryName(typeof(object).Assembly.Location)!);
        return ModuleDefinition.ReadModule(path, new ReaderParameters { AssemblyResolver = resolver, ReadSymbols = true, InMemory = true });
    }
}
