using System;
using System.Collections.Generic;
using AssemblyToProcess.Shapes;

namespace AssemblyToProcess;

public static partial class Cases
{
    [ExpectCall(C + "TryCatchFinally", 1)]
    [ExpectCall(S + "ExceptionShapes.TryCatchFinally", 2)]
    public static string TryCatchFinally()
    {
        var log = new List<string>();
        string a = ExceptionShapes.TryCatchFinally(0, log);
        string b = ExceptionShapes.TryCatchFinally(4, log);
        return a + "," + b + "," + string.Join(",", log);
    }

    [ExpectCall(C + "NestedTry", 1)]
    [ExpectCall(S + "ExceptionShapes.NestedTry", 2)]
    [ExpectCall(S + "ExceptionShapes.Divide", 2)]
    [ExpectCall(S + "ShapeException..ctor", 1)]
    public static string NestedTry()
    {
        var log = new List<string>();
        int a = ExceptionShapes.NestedTry(2, log);
        int b = ExceptionShapes.NestedTry(0, log);
        return a + "," + b + "," + string.Join(",", log);
    }

    /// <summary>Filters run during the first pass, while the throwing frames are still on the stack.</summary>
    [ExpectCall(C + "ExceptionFilter", 1)]
    [ExpectCall(S + "ExceptionShapes.Filtered", 3)]
    [ExpectCall(S + "ExceptionShapes.Fail", 3)]
    [ExpectCall(S + "ExceptionShapes.IsTransient", 2)]
    [ExpectCall(S + "ShapeException..ctor", 2)]
    public static string ExceptionFilter()
    {
        return ExceptionShapes.Filtered(0) + "," + ExceptionShapes.Filtered(404) + "," + ExceptionShapes.Filtered(503);
    }

    [ExpectCall(C + "FilterThatThrows", 1)]
    [ExpectCall(S + "ExceptionShapes.FilterThatThrows", 1)]
    [ExpectCall(S + "ExceptionShapes.Fail", 1)]
    [ExpectCall(S + "ShapeException..ctor", 1)]
    [ExpectCall(S + "ExceptionShapes.BrokenFilter", 1)]
    public static string FilterThatThrows()
    {
        return ExceptionShapes.FilterThatThrows();
    }

    [ExpectCall(C + "Rethrow", 1)]
    [ExpectCall(S + "ExceptionShapes.Rethrow", 1)]
    [ExpectCall(S + "ExceptionShapes.ThrowOnly", 1)]
    public static string Rethrow()
    {
        var log = new List<string>();
        try
        {
            ExceptionShapes.Rethrow(log);
            return "no throw";
        }
        catch (Exception e)
        {
            return "threw " + e.GetType().Name + ": " + e.Message + "; " + string.Join(",", log);
        }
    }

    [ExpectCall(C + "WrapAndThrow", 1)]
    [ExpectCall(S + "ExceptionShapes.WrapAndThrow", 1)]
    [ExpectCall(S + "ExceptionShapes.ThrowOnly", 1)]
    [ExpectCall(S + "ShapeException..ctor", 1)]
    public static string WrapAndThrow()
    {
        try
        {
            ExceptionShapes.WrapAndThrow();
            return "no throw";
        }
        catch (Exception e)
        {
            return "threw " + e.GetType().Name + ": " + e.Message;
        }
    }

    [ExpectCall(C + "ThrowOnlyMethods", 1)]
    [ExpectCall(S + "ExceptionShapes.ThrowOnly", 1)]
    [ExpectCall(S + "ExceptionShapes.ThrowOnlyBlock", 1)]
    public static string ThrowOnlyMethods()
    {
        string a;
        string b;
        try
        {
            ExceptionShapes.ThrowOnly("direct");
            a = "no throw";
        }
        catch (Exception e)
        {
            a = "threw " + e.GetType().Name + ": " + e.Message;
        }
        try
        {
            b = "returned " + ExceptionShapes.ThrowOnlyBlock(5);
        }
        catch (Exception e)
        {
            b = "threw " + e.GetType().Name + ": " + e.Message;
        }
        return a + "; " + b;
    }

    [ExpectCall(C + "FinallyThrows", 1)]
    [ExpectCall(S + "ExceptionShapes.FinallyThrows", 1)]
    [ExpectCall(S + "ExceptionShapes.ThrowOnly", 1)]
    public static string FinallyThrows()
    {
        var log = new List<string>();
        int n = ExceptionShapes.FinallyThrows(log);
        return n + "," + string.Join(",", log);
    }

    [ExpectCall(C + "ExceptionThroughFrames", 1)]
    [ExpectCall(S + "ExceptionShapes.Level1", 2)]
    [ExpectCall(S + "ExceptionShapes.Level2", 2)]
    [ExpectCall(S + "ExceptionShapes.Level3", 2)]
    [ExpectCall(S + "ShapeException..ctor", 1)]
    public static string ExceptionThroughFrames()
    {
        int ok = ExceptionShapes.Level1(0);
        try
        {
            return ok + ", returned " + ExceptionShapes.Level1(3);
        }
        catch (Exception e)
        {
            return ok + ", threw " + e.GetType().Name + ": " + e.Message;
        }
    }

    [ExpectCall(C + "DeepRecursionThrow", 1)]
    [ExpectCall(S + "ControlFlow.ThrowAtDepth", 51)]
    public static string DeepRecursionThrow()
    {
        try
        {
            return "returned " + ControlFlow.ThrowAtDepth(50);
        }
        catch (Exception e)
        {
            return "threw " + e.GetType().Name + ": " + e.Message;
        }
    }

    [ExpectCall(C + "CheckedOverflow", 1)]
    [ExpectCall(S + "ExceptionShapes.CheckedAdd", 2)]
    [ExpectCall(S + "ExceptionShapes.CheckedMultiply", 1)]
    public static string CheckedOverflow()
    {
        string a = "" + ExceptionShapes.CheckedAdd(1, 2);
        string b;
        string c;
        try
        {
            b = "returned " + ExceptionShapes.CheckedAdd(int.MaxValue, 1);
        }
        catch (OverflowException e)
        {
            b = "threw " + e.GetType().Name + ": " + e.Message;
        }
        try
        {
            c = "returned " + ExceptionShapes.CheckedMultiply(1 << 20, 1 << 12);
        }
        catch (OverflowException e)
        {
            c = "threw " + e.GetType().Name + ": " + e.Message;
        }
        return a + "; " + b + "; " + c;
    }
}
