using System;
using System.Collections.Generic;

namespace AssemblyToProcess.Shapes;

public sealed class ShapeException : Exception
{
    public ShapeException(string message, int code)
        : base(message)
    {
        Code = code;
    }

    public int Code { get; }
}

/// <summary>Existing exception handling: try/catch/finally, nesting, filters, rethrow, methods that only throw.</summary>
public static class ExceptionShapes
{
    public static string TryCatchFinally(int x, List<string> log)
    {
        try
        {
            log.Add("try");
            if (x == 0) throw new InvalidOperationException("zero");
            return "ok " + (100 / x);
        }
        catch (InvalidOperationException e)
        {
            log.Add("catch");
            return "caught " + e.Message;
        }
        finally
        {
            log.Add("finally");
        }
    }

    public static int NestedTry(int x, List<string> log)
    {
        try
        {
            try
            {
                try
                {
                    return Divide(10, x);
                }
                finally
                {
                    log.Add("inner finally");
                }
            }
            catch (DivideByZeroException)
            {
                log.Add("inner catch");
                throw new ShapeException("wrapped", 7);
            }
        }
        catch (ShapeException e) when (e.Code == 7)
        {
            log.Add("outer catch");
            return -e.Code;
        }
        finally
        {
            log.Add("outer finally");
        }
    }

    public static int Divide(int a, int b) => a / b;

    public static string Filtered(int code)
    {
        try
        {
            Fail(code);
            return "no throw";
        }
        catch (ShapeException e) when (IsTransient(e))
        {
            return "transient " + e.Code;
        }
        catch (ShapeException e)
        {
            return "permanent " + e.Code;
        }
    }

    public static bool IsTransient(ShapeException e) => e.Code >= 500;

    public static void Fail(int code)
    {
        if (code != 0) throw new ShapeException("code " + code, code);
    }

    public static string FilterThatThrows()
    {
        // The first filter calls a method that throws; the runtime swallows that and treats the filter as false.
        try
        {
            Fail(1);
            return "no throw";
        }
        catch (ShapeException e) when (BrokenFilter(e))
        {
            return "first handler";
        }
        catch (ShapeException e)
        {
            return "second handler " + e.Code;
        }
    }

    public static bool BrokenFilter(ShapeException e) => throw new InvalidOperationException("filter broke on " + e.Code);

    public static void Rethrow(List<string> log)
    {
        try
        {
            ThrowOnly("boom");
        }
        catch (InvalidOperationException)
        {
            log.Add("rethrowing");
            throw;
        }
    }

    public static void WrapAndThrow()
    {
        try
        {
            ThrowOnly("inner");
        }
        catch (InvalidOperationException e)
        {
            throw new ShapeException("outer(" + e.Message + ")", 2);
        }
    }

    public static void ThrowOnly(string message) => throw new InvalidOperationException(message);

    public static int ThrowOnlyBlock(int x)
    {
        throw new ArgumentException("always " + x);
    }

    public static int FinallyThrows(List<string> log)
    {
        // The exception thrown in finally replaces the one in flight.
        try
        {
            try
            {
                throw new InvalidOperationException("first");
            }
            finally
            {
                log.Add("finally");
                ThrowOnly("second");
            }
        }
        catch (InvalidOperationException e)
        {
            log.Add("caught " + e.Message);
            return log.Count;
        }
    }

    public static int Level1(int x) => Level2(x) + 1;

    public static int Level2(int x)
    {
        try
        {
            return Level3(x) + 1;
        }
        finally
        {
            x++;
        }
    }

    public static int Level3(int x)
    {
        if (x > 0) throw new ShapeException("too deep at " + x, x);
        return x;
    }

    public static int CheckedAdd(int a, int b) => checked(a + b);

    public static int CheckedMultiply(int a, int b)
    {
        checked
        {
            int result = a * b;
            return result;
        }
    }
}
