using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Weaving;

/// <summary>
/// Each case of AssemblyToProcess, woven by FodyHelpers' test helper and run in this process:
/// the same result as the unwoven code, and exactly one enter and one exit per call in the trace.
/// </summary>
[TestFixture]
public sealed class WovenCaseTests
{
    private static IEnumerable<string> Cases => CaseCatalog.Names;

    [TestCaseSource(nameof(Cases))]
    public void Woven_case_returns_what_the_original_returns_and_traces_every_call_once(string name)
    {
        var expectedResult = AssemblyToProcess.Program.Run(CaseCatalog.Unwoven(name));
        var anyThread = CaseCatalog.RunsOnAnyThread(name);
        var before = anyThread ? EnterCountsOnAllThreads() : new Dictionary<string, int>();

        var result = RunWoven(name);

        result.ShouldBe(expectedResult);
        var expected = CaseCatalog.ExpectedCalls(name).Describe();
        if (anyThread)
        {
            // Continuations may still be leaving their frames on pool threads: wait for them to settle.
            var deadline = DateTime.UtcNow.AddSeconds(5);
            string actual;
            do
            {
                actual = Difference(EnterCountsOnAllThreads(), before).Describe();
            }
            while (actual != expected && DateTime.UtcNow < deadline && Sleep());

            actual.ShouldBe(expected);
            return;
        }

        using var trace = TraceFile.Open(TraceOutputSetup.TracePath);
        var thread = trace.ThreadsNamed("case:" + name).ShouldHaveSingleItem();
        trace.BalancedCalls(thread).Describe().ShouldBe(expected);
    }

    [Test]
    public void Exception_stack_traces_keep_their_source_lines()
    {
        // Cases that report a line number from a caught exception's stack trace prove this per shape;
        // here: the woven assembly carries a PDB whose lines match the original's for a throwing method.
        var wovenThrower = WovenAssembly.Type("AssemblyToProcess.Shapes.ExceptionShapes");
        var original = typeof(AssemblyToProcess.Shapes.ExceptionShapes);
        LineOfThrow(wovenThrower).ShouldBe(LineOfThrow(original));
        LineOfThrow(original).ShouldBeGreaterThan(0);
    }

    private static int LineOfThrow(Type thrower)
    {
        try
        {
            thrower.GetMethod("ThrowOnlyBlock")!.Invoke(null, new object[] { 5 });
        }
        catch (TargetInvocationException e)
        {
            return new System.Diagnostics.StackTrace(e.InnerException!, fNeedFileInfo: true).GetFrame(0)!.GetFileLineNumber();
        }

        throw new InvalidOperationException("ThrowOnlyBlock did not throw");
    }

    private static string RunWoven(string name)
    {
        var program = WovenAssembly.Type("AssemblyToProcess.Program");
        var wovenCase = WovenAssembly.Type("AssemblyToProcess.Cases").GetMethod(name)!;
        return (string)program.GetMethod("Run")!.Invoke(null, new object[] { wovenCase })!;
    }

    private static Dictionary<string, int> EnterCountsOnAllThreads()
    {
        // The test thread's own calls (the woven runner creating the case thread) are not the case's.
        using var trace = TraceFile.Open(TraceOutputSetup.TracePath);
        var counts = new Dictionary<string, int>();
        foreach (var thread in trace.Threads.Where(t => t.ManagedThreadId != Environment.CurrentManagedThreadId))
        {
            foreach (var e in trace.ReadEvents(thread))
            {
                if (e.Kind is TraceEventKind.Enter or TraceEventKind.Count)
                {
                    // A counted member's calls come as count events.
                    var name = trace.Functions[e.FunctionId].FullName;
                    counts[name] = counts.GetValueOrDefault(name) + (e.Kind == TraceEventKind.Count ? (int)e.Calls : 1);
                }
            }
        }

        return counts;
    }

    private static Dictionary<string, int> Difference(Dictionary<string, int> after, Dictionary<string, int> before)
    {
        var result = new Dictionary<string, int>();
        foreach (var pair in after)
        {
            var delta = pair.Value - before.GetValueOrDefault(pair.Key);
            if (delta != 0)
            {
                result[pair.Key] = delta;
            }
        }

        return result;
    }

    private static bool Sleep()
    {
        Thread.Sleep(50);
        return true;
    }
}
