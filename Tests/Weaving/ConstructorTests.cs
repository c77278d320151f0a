using System.Collections.Generic;
using System.Linq;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Weaving;

/// <summary>
/// Constructors with this(...)/base(...) initializers, in the call tree: every one traced (also when the
/// initializer's arguments branch), and the constructor an initializer calls beside the calling one, for
/// classes and structs alike (the initializer call stays outside the traced region).
/// </summary>
[TestFixture]
public sealed class ConstructorTests
{
    [Test]
    public void Constructors_whose_initializer_arguments_branch_are_all_traced()
    {
        var weaver = ConfigTests.Weave("<GoTrace />");
        weaver.Skipped.Where(s => s.Name.Contains("..ctor") && s.Reason.Contains("call")).ShouldBeEmpty();
        weaver.Skipped.ShouldNotContain(s => s.Name.Contains("Conditional::.ctor") || s.Name.Contains("Checked::.ctor"));
    }

    [TestCase("ConstructorChaining", "Dog..ctor", 3)]
    [TestCase("ConditionalConstructorInitializers", "Conditional..ctor", 9)]
    [TestCase("StructConstructorChaining", "Span2..ctor", 6)]
    public void A_constructor_called_through_an_initializer_shows_beside_its_caller_not_under_it(string @case, string constructor, int calls)
    {
        var caseNode = CaseNode(@case);
        var besides = caseNode.Children.Where(c => c.Function.BaseName == constructor).Sum(c => c.Calls);
        besides.ShouldBe(calls, Describe(caseNode));
        Descendants(caseNode).Where(n => n.Function.BaseName.EndsWith("..ctor")).SelectMany(n => n.Children)
            .ShouldNotContain(n => n.Function.BaseName == constructor, Describe(caseNode));
    }

    /// <summary>Runs the woven case on a thread of its own (not named like WovenCaseTests' case threads) and returns its node.</summary>
    private static CallNode CaseNode(string name)
    {
        var expected = AssemblyToProcess.Program.Run(CaseCatalog.Unwoven(name));
        var wovenCase = WovenAssembly.Type("AssemblyToProcess.Cases").GetMethod(name)!;
        var threadName = "constructor-tree:" + name;
        string? result = null;
        var thread = new System.Threading.Thread(() => result = (string)wovenCase.Invoke(null, null)!) { Name = threadName };
        thread.Start();
        thread.Join();
        result.ShouldBe(expected);

        using var trace = TraceFile.Open(TraceOutputSetup.TracePath);
        var tree = CallTree.Build(trace, trace.ThreadsNamed(threadName));
        return tree.Roots.Single(r => r.Function.Name == "Cases." + name);
    }

    private static IEnumerable<CallNode> Descendants(CallNode node) =>
        node.Children.SelectMany(c => new[] { c }.Concat(Descendants(c)));

    private static string Describe(CallNode node, string indent = "") =>
        string.Concat(node.Children.Select(c => $"\n{indent}{c.Function.Name} ×{c.Calls}" + Describe(c, indent + "  ")));
}
