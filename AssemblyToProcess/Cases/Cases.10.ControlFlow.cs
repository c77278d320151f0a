using System;
using System.Collections.Generic;
using AssemblyToProcess.Shapes;

namespace AssemblyToProcess;

public static partial class Cases
{
    [ExpectCall(C + "ParamsAndOptional", 1)]
    [ExpectCall(S + "ControlFlow.Sum", 3)]
    [ExpectCall(S + "ControlFlow.Greet", 3)]
    public static string ParamsAndOptional()
    {
        int none = ControlFlow.Sum();
        int three = ControlFlow.Sum(1, 2, 3);
        int array = ControlFlow.Sum(new[] { 4, 5 });
        return none + "," + three + "," + array + "," + ControlFlow.Greet("x") + ControlFlow.Greet("y", "hi")
            + ControlFlow.Greet("z", times: 2);
    }

    /// <summary>Factorial(10): 10 calls; Fib(10): 177 calls.</summary>
    [ExpectCall(C + "Recursion", 1)]
    [ExpectCall(S + "ControlFlow.Factorial", 10)]
    [ExpectCall(S + "ControlFlow.Fib", 177)]
    public static string Recursion()
    {
        return ControlFlow.Factorial(10) + "," + ControlFlow.Fib(10);
    }

    /// <summary>IsEven(10): IsEven 10,8,..,0 (6) and IsOdd 9,..,1 (5); IsOdd(7): IsOdd 7,5,3,1 (4) and IsEven 6,..,0 (4).</summary>
    [ExpectCall(C + "MutualRecursion", 1)]
    [ExpectCall(S + "ControlFlow.IsEven", 10)]
    [ExpectCall(S + "ControlFlow.IsOdd", 9)]
    public static string MutualRecursion()
    {
        return ControlFlow.IsEven(10) + "," + ControlFlow.IsOdd(7);
    }

    [ExpectCall(C + "Goto", 1)]
    [ExpectCall(S + "ControlFlow.GotoLoop", 2)]
    public static string Goto()
    {
        return ControlFlow.GotoLoop(10) + "," + ControlFlow.GotoLoop(100);
    }

    [ExpectCall(C + "SwitchExpression", 1)]
    [ExpectCall(S + "ControlFlow.Describe", 7)]
    [ExpectCall(S + "Vec2..ctor", 1)]
    [ExpectCall(S + "ControlFlow.Quadrant", 4)]
    public static string SwitchExpression()
    {
        var parts = new List<string>
        {
            ControlFlow.Describe(null),
            ControlFlow.Describe(-3),
            ControlFlow.Describe(7),
            ControlFlow.Describe(""),
            ControlFlow.Describe("hi"),
            ControlFlow.Describe(new Vec2(0, 0)),
            ControlFlow.Describe(2.5),
            ControlFlow.Quadrant(1, 1) + ControlFlow.Quadrant(-1, 1) + ControlFlow.Quadrant(-1, -1) + ControlFlow.Quadrant(1, -1),
        };
        return string.Join(",", parts);
    }

    [ExpectCall(C + "VeryLongMethod", 1)]
    [ExpectCall(S + "BigSwitch.Pick", 12)]
    [ExpectCall(S + "BigSwitch.Helper", 3)]
    public static string VeryLongMethod()
    {
        int[] inputs = { 0, 1, 2, 3, 25, 100, 249, 250, 1000, 5000, 123456, -7 };
        var parts = new List<string>();
        foreach (int x in inputs) parts.Add(BigSwitch.Pick(x));
        return string.Join(",", parts);
    }

    /// <summary>A hand-written enumerator's MoveNext is an ordinary method: 3 items = 4 MoveNext, 3 Current.</summary>
    [ExpectCall(C + "CustomEnumerator", 1)]
    [ExpectCall(S + "Bag..ctor", 1)]
    [ExpectCall(S + "Bag.GetEnumerator", 1)]
    [ExpectCall(S + "Bag.Enumerator..ctor", 1)]
    [ExpectCall(S + "Bag.Enumerator.MoveNext", 4)]
    [ExpectCall(S + "Bag.Enumerator.Current.get", 3)]
    public static string CustomEnumerator()
    {
        int sum = 0;
        foreach (int v in new Bag(1, 2, 3)) sum += v;
        return "" + sum;
    }

    [ExpectCall(C + "NestedTypes", 1)]
    [ExpectCall(S + "Outer.Inner..ctor", 1)]
    [ExpectCall(S + "Outer.Inner.Run", 1)]
    [ExpectCall(S + "Outer.Inner.Deepest.Run", 1)]
    public static string NestedTypes()
    {
        return new Outer.Inner("t").Run() + "," + Outer.Inner.Deepest.Run(5);
    }

    [ExpectCall(C + "FinalizerSuppressed", 1)]
    [ExpectCall(S + "Handle..ctor", 1)]
    [ExpectCall(S + "Handle.Dispose", 1)]
    [ExpectCall(S + "Handle.Release", 1)]
    public static string FinalizerSuppressed()
    {
        var log = new List<string>();
        using (new Handle(log))
        {
            log.Add("using");
        }
        return string.Join(",", log);
    }

    /// <summary>The abandoned Handle is finalized on the finalizer thread: Finalize and Release run there.</summary>
    [AnyThread]
    [ExpectCall(C + "FinalizerRuns", 1)]
    [ExpectCall(S + "Handle.Abandon", 1)]
    [ExpectCall(S + "Handle..ctor", 1)]
    [ExpectCall(S + "Handle.Finalize", 1)]
    [ExpectCall(S + "Handle.Release", 1)]
    [ExpectCall(S + "Handle.Finalized.get", 1)]
    public static string FinalizerRuns()
    {
        Handle.Abandon();
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return "finalized=" + Handle.Finalized;
    }

    /// <summary>The call of the unimplemented partial method is removed by the compiler.</summary>
    [ExpectCall(C + "PartialMethod", 1)]
    [ExpectCall(S + "PartialShapes.Call", 1)]
    [ExpectCall(S + "PartialShapes.OnCalled", 1)]
    public static string PartialMethod()
    {
        var log = new List<string>();
        int n = PartialShapes.Call(log);
        return n + "," + string.Join(",", log);
    }

    [ExpectCall(C + "ExtensionMethods", 1)]
    [ExpectCall(S + "StringExtensions.Shout", 1)]
    [ExpectCall(S + "StringExtensions.CountOf", 1)]
    public static string ExtensionMethods()
    {
        return "hey".Shout() + "," + "banana".CountOf('a');
    }

    /// <summary>An AggressiveInlining method is still entered once per call when traced.</summary>
    [ExpectCall(C + "Inlining", 1)]
    [ExpectCall(S + "ControlFlow.Inlined", 3)]
    [ExpectCall(S + "ControlFlow.NotInlined", 1)]
    public static string Inlining()
    {
        int x = ControlFlow.Inlined(ControlFlow.Inlined(ControlFlow.Inlined(0)));
        ControlFlow.NotInlined();
        return "" + x;
    }
}
