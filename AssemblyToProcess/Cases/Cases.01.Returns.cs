using System.Collections.Generic;
using AssemblyToProcess.Shapes;

namespace AssemblyToProcess;

public static partial class Cases
{
    [ExpectCall(C + "VoidEarlyReturns", 1)]
    [ExpectCall(S + "Returns.VoidWithEarlyReturns", 3)]
    public static string VoidEarlyReturns()
    {
        var log = new List<string>();
        Returns.VoidWithEarlyReturns(-1, log);
        Returns.VoidWithEarlyReturns(0, log);
        Returns.VoidWithEarlyReturns(5, log);
        return string.Join(",", log);
    }

    [ExpectCall(C + "ValueReturns", 1)]
    [ExpectCall(S + "Returns.Classify", 4)]
    public static string ValueReturns()
    {
        return Returns.Classify(-3) + "," + Returns.Classify(0) + "," + Returns.Classify(7) + "," + Returns.Classify(42);
    }

    [ExpectCall(C + "ReturnInsideLoops", 1)]
    [ExpectCall(S + "Returns.IndexInForLoop", 2)]
    [ExpectCall(S + "Returns.FirstNegativeInForeach", 2)]
    [ExpectCall(S + "Returns.ReturnFromNestedLoops", 1)]
    public static string ReturnInsideLoops()
    {
        int[] items = { 5, 4, 3 };
        int found = Returns.IndexInForLoop(items, 3);
        int missing = Returns.IndexInForLoop(items, 9);
        int negative = Returns.FirstNegativeInForeach(new List<int> { 1, -2, 3 });
        int none = Returns.FirstNegativeInForeach(new List<int> { 1, 2 });
        int nested = Returns.ReturnFromNestedLoops(50);
        return found + "," + missing + "," + negative + "," + none + "," + nested;
    }

    [ExpectCall(C + "ReturnInsideSwitch", 1)]
    [ExpectCall(S + "Returns.InSwitchStatement", 5)]
    public static string ReturnInsideSwitch()
    {
        return Returns.InSwitchStatement(1) + "," + Returns.InSwitchStatement(2) + "," + Returns.InSwitchStatement(3) + ","
            + Returns.InSwitchStatement(200) + "," + Returns.InSwitchStatement(50);
    }

    [ExpectCall(C + "ReturnInsideUsing", 1)]
    [ExpectCall(S + "Returns.InsideUsing", 2)]
    [ExpectCall(S + "Returns.InsideUsingDeclaration", 2)]
    [ExpectCall(S + "TrackedResource..ctor", 4)]
    [ExpectCall(S + "TrackedResource.Use", 2)]
    [ExpectCall(S + "TrackedResource.Dispose", 4)]
    public static string ReturnInsideUsing()
    {
        var log = new List<string>();
        int a = Returns.InsideUsing(3, log);
        int b = Returns.InsideUsing(0, log);
        int c = Returns.InsideUsingDeclaration(2, log);
        int d = Returns.InsideUsingDeclaration(-1, log);
        return a + "," + b + "," + c + "," + d + "," + string.Join(",", log);
    }

    [ExpectCall(C + "ReturnInsideLock", 1)]
    [ExpectCall(S + "Returns.InsideLockOnObject", 2)]
    [ExpectCall(S + "Returns.InsideLockOnLock", 2)]
    public static string ReturnInsideLock()
    {
        return Returns.InsideLockOnObject(4) + "," + Returns.InsideLockOnObject(5) + ","
            + Returns.InsideLockOnLock(15) + "," + Returns.InsideLockOnLock(3);
    }

    [ExpectCall(C + "ReturnInsideTry", 1)]
    [ExpectCall(S + "Returns.InsideTryFinally", 2)]
    [ExpectCall(S + "Returns.InsideTryCatch", 2)]
    public static string ReturnInsideTry()
    {
        var log = new List<string>();
        int a = Returns.InsideTryFinally(8, log);
        int b = Returns.InsideTryFinally(2, log);
        int c = Returns.InsideTryCatch("12");
        int d = Returns.InsideTryCatch("x");
        return a + "," + b + "," + c + "," + d + "," + string.Join(",", log);
    }

    [ExpectCall(C + "EmptyAndExpressionBodied", 1)]
    [ExpectCall(S + "Returns.Empty", 1)]
    [ExpectCall(S + "Returns.ExpressionBodied", 1)]
    [ExpectCall(S + "Returns.ExpressionBodiedVoid", 1)]
    public static string EmptyAndExpressionBodied()
    {
        var log = new List<string>();
        Returns.Empty();
        int x = Returns.ExpressionBodied(4);
        Returns.ExpressionBodiedVoid(log);
        return x + "," + string.Join(",", log);
    }
}
