using System;
using System.Collections.Generic;
using AssemblyToProcess.Shapes;

namespace AssemblyToProcess;

public static partial class Cases
{
    /// <summary>Name and Host are auto-properties (compiler-generated accessors): absent from the list.</summary>
    [ExpectCall(C + "PropertyAccessors", 1)]
    [ExpectCall(S + "Config..ctor", 1)]
    [ExpectCall(S + "Config.Port.set", 2)]
    [ExpectCall(S + "Config.Port.get", 1)]
    [ExpectCall(S + "Config.Id.set", 1)]
    [ExpectCall(S + "Config.Id.get", 1)]
    [ExpectCall(S + "Config.Endpoint.get", 1)]
    [ExpectCall(S + "Config.Version.get", 1)]
    public static string PropertyAccessors()
    {
        var config = new Config { Port = 8080, Id = 4, Name = "svc" };
        string endpoint = config.Endpoint;
        string? error;
        try
        {
            config.Port = 0;
            error = "no error";
        }
        catch (ArgumentOutOfRangeException e)
        {
            error = "threw " + e.GetType().Name + ": " + e.ParamName;
        }
        return Config.Version + "," + endpoint + "," + config.Id + "," + config.Name + "," + error;
    }

    /// <summary>C# 14 extension properties are named like any property accessor, extension methods like methods.</summary>
    [ExpectCall(C + "ExtensionMembers", 1)]
    [ExpectCall(S + "Config..ctor", 1)]
    [ExpectCall(S + "Config.Port.get", 2)]
    [ExpectCall(S + "ConfigExtensions.DoublePort.get", 2)]
    [ExpectCall(S + "ConfigExtensions.Unit.get", 1)]
    [ExpectCall(S + "ConfigExtensions.Scaled", 1)]
    public static string ExtensionMembers()
    {
        var config = new Config();
        return config.DoublePort + "," + Config.Unit + "," + config.Scaled(3);
    }

    [ExpectCall(C + "IndexerAccessors", 1)]
    [ExpectCall(S + "Grid..ctor", 1)]
    [ExpectCall(S + "Grid.this[].set", 2)]
    [ExpectCall(S + "Grid.this[].get", 3)]
    [ExpectCall(S + "Grid.Check", 5)]
    public static string IndexerAccessors()
    {
        var grid = new Grid(3, 2);
        grid[1, 2] = 7;
        grid[0, 0] = grid[1, 2] + 1;
        string error;
        try
        {
            error = "returned " + grid[2, 0];
        }
        catch (IndexOutOfRangeException e)
        {
            error = "threw " + e.GetType().Name + ": " + e.Message;
        }
        return grid[0, 0] + "," + error;
    }

    /// <summary>
    /// Changed has explicit add/remove (traced); Simple is field-like (accessors compiler-generated).
    /// The handlers are Cases/&lt;&gt;c__DisplayClassN_0.&lt;EventAccessors&gt;b__0 and b__1 → lambda1, lambda2.
    /// </summary>
    [ExpectCall(C + "EventAccessors", 1)]
    [ExpectCall(S + "Bus..ctor", 1)]
    [ExpectCall(S + "Bus.Changed.add", 1)]
    [ExpectCall(S + "Bus.Changed.remove", 1)]
    [ExpectCall(S + "Bus.Raise", 3)]
    [ExpectCall(C + "EventAccessors.lambda1", 2)]
    [ExpectCall(C + "EventAccessors.lambda2", 3)]
    public static string EventAccessors()
    {
        var log = new List<string>();
        var bus = new Bus(log);
        int total = 0;
        EventHandler<int> changed = (sender, value) => total += value;
        EventHandler simple = (sender, args) => log.Add("simple");
        bus.Changed += changed;
        bus.Simple += simple;
        bus.Raise(5);
        bus.Raise(6);
        bus.Changed -= changed;
        bus.Raise(7);
        return total + "," + string.Join(",", log);
    }

    [ExpectCall(C + "Operators", 1)]
    [ExpectCall(S + "Money..ctor", 6)]
    [ExpectCall(S + "Money.operator +", 1)]
    [ExpectCall(S + "Money.operator ==", 2)]
    [ExpectCall(S + "Money.operator !=", 1)]
    [ExpectCall(S + "Money.operator implicit", 1)]
    [ExpectCall(S + "Money.operator explicit", 2)]
    [ExpectCall(S + "Money.Equals", 4)]
    [ExpectCall(S + "Money.ToString", 2)]
    public static string Operators()
    {
        var a = new Money(150);
        var b = new Money(275);
        Money sum = a + b;
        bool equal = sum == new Money(425);
        bool notEqual = a != b;
        long cents = sum;
        var explicitMoney = (Money)99L;
        string error;
        try
        {
            explicitMoney = (Money)(-1L);
            error = "no error";
        }
        catch (ArgumentException e)
        {
            error = "threw " + e.GetType().Name + ": " + e.Message;
        }
        bool objectEquals = a.Equals((object)new Money(150));
        return sum.ToString() + "," + equal + "," + notEqual + "," + cents + "," + explicitMoney.ToString() + "," + error + "," + objectEquals;
    }

    [ExpectCall(C + "RefOutInParameters", 1)]
    [ExpectCall(S + "RefShapes.TryParsePositive", 2)]
    [ExpectCall(S + "RefShapes.Swap", 1)]
    [ExpectCall(S + "RefShapes.Increment", 2)]
    [ExpectCall(S + "Vec2..ctor", 1)]
    [ExpectCall(S + "RefShapes.SumIn", 1)]
    [ExpectCall(S + "RefShapes.Split", 1)]
    public static string RefOutInParameters()
    {
        bool ok1 = RefShapes.TryParsePositive("42", out int v1);
        bool ok2 = RefShapes.TryParsePositive("-5", out int v2);
        int a = 1;
        int b = 2;
        RefShapes.Swap(ref a, ref b);
        int x = 10;
        RefShapes.Increment(ref x);
        RefShapes.Increment(ref x, 5);
        var v = new Vec2(2, 3);
        int sum = RefShapes.SumIn(in v);
        RefShapes.Split(1234, out int high, out int low);
        return ok1 + ":" + v1 + "," + ok2 + ":" + v2 + "," + a + "," + b + "," + x + "," + sum + "," + high + "," + low;
    }

    [ExpectCall(C + "RefReturnsAndLocals", 1)]
    [ExpectCall(S + "RefShapes.FindSlot", 3)]
    [ExpectCall(S + "RefShapes.Larger", 1)]
    [ExpectCall(S + "RefShapes.RefLocals", 1)]
    public static string RefReturnsAndLocals()
    {
        int[] values = { 1, 2, 3 };
        ref int slot = ref RefShapes.FindSlot(values, 3);
        slot = 30;
        int p = 5;
        int q = 9;
        int larger = RefShapes.Larger(in p, in q);
        int fromLocals = RefShapes.RefLocals(values);
        string error;
        try
        {
            RefShapes.FindSlot(values, 77) = 1;
            error = "no error";
        }
        catch (KeyNotFoundException e)
        {
            error = "threw " + e.GetType().Name + ": " + e.Message;
        }
        return values[0] + "," + values[1] + "," + values[2] + "," + larger + "," + fromLocals + "," + error;
    }

    [ExpectCall(C + "StackallocSpan", 1)]
    [ExpectCall(S + "NativeShapes.SumWithSpan", 1)]
    public static string StackallocSpan()
    {
        return "" + NativeShapes.SumWithSpan(5);
    }

    [ExpectCall(C + "UnsafePointers", 1)]
    [ExpectCall(S + "NativeShapes.SumWithPointer", 1)]
    [ExpectCall(S + "NativeShapes.Fill", 1)]
    [ExpectCall(S + "NativeShapes.SumPointer", 2)]
    [ExpectCall(S + "NativeShapes.SumFixed", 1)]
    [ExpectCall(S + "NativeShapes.ReinterpretBytes", 1)]
    public static string UnsafePointers()
    {
        int a = NativeShapes.SumWithPointer(4);
        int b = NativeShapes.SumFixed(new[] { 1, 2, 3 });
        long c = NativeShapes.ReinterpretBytes(0x0102030405060708L);
        return a + "," + b + "," + c.ToString("X16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
