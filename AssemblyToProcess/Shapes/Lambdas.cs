using System;

namespace AssemblyToProcess.Shapes;

/// <summary>
/// Lambdas, closures and local functions. A lambda is named <c>Method.lambdaN</c> where N-1 is the ordinal the
/// compiler gives it (<c>&lt;Method&gt;b__M_K</c> → lambda{K+1}); a local function is <c>Method.Name</c>
/// (<c>&lt;Method&gt;g__Name|M_K</c>). The compiled name of each is written next to it.
/// </summary>
public sealed class LambdaShapes
{
    private readonly int _factor;

    public LambdaShapes(int factor)
    {
        _factor = factor;
    }

    public static int NonCapturing(int n)
    {
        // <>c.<NonCapturing>b__2_0 → LambdaShapes.NonCapturing.lambda1
        Func<int, int> square = x => x * x;
        int total = 0;
        for (int i = 1; i <= n; i++) total += square(i);
        return total;
    }

    public static int CapturingLocal(int n)
    {
        // <>c__DisplayClass3_0.<CapturingLocal>b__0 → LambdaShapes.CapturingLocal.lambda1
        int total = 0;
        Action<int> add = x => total += x;
        for (int i = 1; i <= n; i++) add(i);
        return total;
    }

    public int CapturingThis(int n)
    {
        // LambdaShapes.<CapturingThis>b__4_0 (an instance method of this type) → LambdaShapes.CapturingThis.lambda1
        Func<int, int> scale = x => x * _factor;
        return scale(n) + scale(1);
    }

    public int CapturingThisAndLocal(int n)
    {
        // <>c__DisplayClass5_0.<CapturingThisAndLocal>b__0 → LambdaShapes.CapturingThisAndLocal.lambda1
        int offset = n * 100;
        Func<int, int> f = x => x * _factor + offset;
        return f(n);
    }

    public static int StaticLocalFunction(int n)
    {
        return Square(n) + Square(n + 1);

        // <StaticLocalFunction>g__Square|6_0 → LambdaShapes.StaticLocalFunction.Square
        static int Square(int x) => x * x;
    }

    public static int CapturingLocalFunction(int n)
    {
        int offset = 10;
        return AddOffset(n) + AddOffset(1);

        // <CapturingLocalFunction>g__AddOffset|7_0 (takes the struct closure by ref) → LambdaShapes.CapturingLocalFunction.AddOffset
        int AddOffset(int x) => x + offset;
    }

    public static int RecursiveLocalFunction(int n)
    {
        return Fact(n);

        // <RecursiveLocalFunction>g__Fact|8_0 → LambdaShapes.RecursiveLocalFunction.Fact
        static int Fact(int x) => x <= 1 ? 1 : x * Fact(x - 1);
    }

    public static int LambdaInsideLocalFunction(int n)
    {
        return Helper(n);

        // <LambdaInsideLocalFunction>g__Helper|9_0 → LambdaShapes.LambdaInsideLocalFunction.Helper
        static int Helper(int x)
        {
            // <>c.<LambdaInsideLocalFunction>b__9_1 → LambdaShapes.LambdaInsideLocalFunction.lambda2
            Func<int, int> twice = y => y * 2;
            return twice(x) + twice(1);
        }
    }

    public static int NestedLambdas(int n)
    {
        // outer: <>c.<NestedLambdas>b__10_0 → lambda1; inner: <>c__DisplayClass10_0.<NestedLambdas>b__1 → lambda2
        Func<int, Func<int, int>> adder = a => b => a + b;
        return adder(n)(1) + adder(2)(3);
    }

    public static int AnonymousMethod(int n)
    {
        // <>c.<AnonymousMethod>b__11_0 → LambdaShapes.AnonymousMethod.lambda1
        Func<int, int> f = delegate (int x) { return x - 1; };
        return f(n);
    }

    public static int LocalFunctionCapturedByLambda(int n)
    {
        int k = 3;
        // Both live on the class closure: the lambda <>c__DisplayClass12_0.<LocalFunctionCapturedByLambda>b__0
        // → .lambda1, and Mul <>c__DisplayClass12_0.<LocalFunctionCapturedByLambda>g__Mul|1 → .Mul
        Func<int, int> f = x => Mul(x) + 1;
        return f(n);

        int Mul(int x) => x * k;
    }

    public static int MultipleLambdas(int n)
    {
        // <>c.<MultipleLambdas>b__13_0/_1/_2 → lambda1, lambda2, lambda3
        Func<int, int> a = x => x + 1;
        Func<int, int> b = x => x * 2;
        Func<int, int> c = x => x - 3;
        return c(b(a(n)));
    }

    public static int LocalFunctionInsideLambda(int n)
    {
        // <>c.<LocalFunctionInsideLambda>b__14_0 → lambda1; <LocalFunctionInsideLambda>g__Inc|14_1 → .Inc
        Func<int, int> f = x =>
        {
            return Inc(x) + Inc(0);

            static int Inc(int y) => y + 1;
        };
        return f(n);
    }

    /// <summary>A lambda in a property getter: <c>&lt;get_Computed&gt;b__16_0</c> → <c>LambdaShapes.Computed.get.lambda1</c>.</summary>
    public int Computed
    {
        get
        {
            Func<int, int> f = x => x + _factor;
            return f(2);
        }
    }
}
