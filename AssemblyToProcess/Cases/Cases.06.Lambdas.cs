using AssemblyToProcess.Shapes;

namespace AssemblyToProcess;

// Lambda numbers are the compiler's ordinal + 1. Lambdas and local functions of one method share that ordinal
// counter, so a lambda that comes after a local function (in the compiler's order) is not lambda1: see
// LambdaInsideLocalFunction (Helper is ordinal 0, its lambda ordinal 1 → lambda2) and LocalFunctionInsideLambda
// (lambda ordinal 0 → lambda1, its local function Inc ordinal 1).
public static partial class Cases
{
    [ExpectCall(C + "LambdaNonCapturing", 1)]
    [ExpectCall(S + "LambdaShapes.NonCapturing", 1)]
    [ExpectCall(S + "LambdaShapes.NonCapturing.lambda1", 4)]
    public static string LambdaNonCapturing()
    {
        return "" + LambdaShapes.NonCapturing(4);
    }

    [ExpectCall(C + "ClosureCapturingLocal", 1)]
    [ExpectCall(S + "LambdaShapes.CapturingLocal", 1)]
    [ExpectCall(S + "LambdaShapes.CapturingLocal.lambda1", 5)]
    public static string ClosureCapturingLocal()
    {
        return "" + LambdaShapes.CapturingLocal(5);
    }

    [ExpectCall(C + "ClosureCapturingThis", 1)]
    [ExpectCall(S + "LambdaShapes..ctor", 1)]
    [ExpectCall(S + "LambdaShapes.CapturingThis", 1)]
    [ExpectCall(S + "LambdaShapes.CapturingThis.lambda1", 2)]
    [ExpectCall(S + "LambdaShapes.CapturingThisAndLocal", 1)]
    [ExpectCall(S + "LambdaShapes.CapturingThisAndLocal.lambda1", 1)]
    public static string ClosureCapturingThis()
    {
        var shapes = new LambdaShapes(3);
        return shapes.CapturingThis(4) + "," + shapes.CapturingThisAndLocal(2);
    }

    [ExpectCall(C + "LocalFunctions", 1)]
    [ExpectCall(S + "LambdaShapes.StaticLocalFunction", 1)]
    [ExpectCall(S + "LambdaShapes.StaticLocalFunction.Square", 2)]
    [ExpectCall(S + "LambdaShapes.CapturingLocalFunction", 1)]
    [ExpectCall(S + "LambdaShapes.CapturingLocalFunction.AddOffset", 2)]
    [ExpectCall(S + "LambdaShapes.RecursiveLocalFunction", 1)]
    [ExpectCall(S + "LambdaShapes.RecursiveLocalFunction.Fact", 5)]
    public static string LocalFunctions()
    {
        return LambdaShapes.StaticLocalFunction(3) + "," + LambdaShapes.CapturingLocalFunction(5) + ","
            + LambdaShapes.RecursiveLocalFunction(5);
    }

    /// <summary>Helper is ordinal 0 (&lt;LambdaInsideLocalFunction&gt;g__Helper|9_0), the lambda ordinal 1 (b__9_1): lambda2.</summary>
    [ExpectCall(C + "LambdaInsideLocalFunction", 1)]
    [ExpectCall(S + "LambdaShapes.LambdaInsideLocalFunction", 1)]
    [ExpectCall(S + "LambdaShapes.LambdaInsideLocalFunction.Helper", 1)]
    [ExpectCall(S + "LambdaShapes.LambdaInsideLocalFunction.lambda2", 2)]
    public static string LambdaInsideLocalFunction()
    {
        return "" + LambdaShapes.LambdaInsideLocalFunction(4);
    }

    [ExpectCall(C + "NestedLambdas", 1)]
    [ExpectCall(S + "LambdaShapes.NestedLambdas", 1)]
    [ExpectCall(S + "LambdaShapes.NestedLambdas.lambda1", 2)]
    [ExpectCall(S + "LambdaShapes.NestedLambdas.lambda2", 2)]
    public static string NestedLambdas()
    {
        return "" + LambdaShapes.NestedLambdas(5);
    }

    [ExpectCall(C + "AnonymousMethod", 1)]
    [ExpectCall(S + "LambdaShapes.AnonymousMethod", 1)]
    [ExpectCall(S + "LambdaShapes.AnonymousMethod.lambda1", 1)]
    public static string AnonymousMethod()
    {
        return "" + LambdaShapes.AnonymousMethod(10);
    }

    [ExpectCall(C + "LocalFunctionCapturedByLambda", 1)]
    [ExpectCall(S + "LambdaShapes.LocalFunctionCapturedByLambda", 1)]
    [ExpectCall(S + "LambdaShapes.LocalFunctionCapturedByLambda.lambda1", 1)]
    [ExpectCall(S + "LambdaShapes.LocalFunctionCapturedByLambda.Mul", 1)]
    public static string LocalFunctionCapturedByLambda()
    {
        return "" + LambdaShapes.LocalFunctionCapturedByLambda(4);
    }

    [ExpectCall(C + "MultipleLambdas", 1)]
    [ExpectCall(S + "LambdaShapes.MultipleLambdas", 1)]
    [ExpectCall(S + "LambdaShapes.MultipleLambdas.lambda1", 1)]
    [ExpectCall(S + "LambdaShapes.MultipleLambdas.lambda2", 1)]
    [ExpectCall(S + "LambdaShapes.MultipleLambdas.lambda3", 1)]
    public static string MultipleLambdas()
    {
        return "" + LambdaShapes.MultipleLambdas(5);
    }

    [ExpectCall(C + "LocalFunctionInsideLambda", 1)]
    [ExpectCall(S + "LambdaShapes.LocalFunctionInsideLambda", 1)]
    [ExpectCall(S + "LambdaShapes.LocalFunctionInsideLambda.lambda1", 1)]
    [ExpectCall(S + "LambdaShapes.LocalFunctionInsideLambda.Inc", 2)]
    public static string LocalFunctionInsideLambda()
    {
        return "" + LambdaShapes.LocalFunctionInsideLambda(5);
    }

    /// <summary>LambdaShapes.&lt;get_Computed&gt;b__16_0 → LambdaShapes.Computed.get.lambda1.</summary>
    [ExpectCall(C + "LambdaInPropertyGetter", 1)]
    [ExpectCall(S + "LambdaShapes..ctor", 1)]
    [ExpectCall(S + "LambdaShapes.Computed.get", 1)]
    [ExpectCall(S + "LambdaShapes.Computed.get.lambda1", 1)]
    public static string LambdaInPropertyGetter()
    {
        return "" + new LambdaShapes(7).Computed;
    }
}
