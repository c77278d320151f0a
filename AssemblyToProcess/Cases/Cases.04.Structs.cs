using System;
using AssemblyToProcess.Shapes;

namespace AssemblyToProcess;

public static partial class Cases
{
    [ExpectCall(C + "StructMutation", 1)]
    [ExpectCall(S + "Counter..ctor", 2)]
    [ExpectCall(S + "Counter.Increment", 3)]
    [ExpectCall(S + "Counter.Add", 1)]
    [ExpectCall(S + "Counter.IncrementAndGet", 1)]
    [ExpectCall(S + "Counter.ToString", 1)]
    [ExpectCall(S + "Counter.Reset", 1)]
    [ExpectCall(S + "Counter.Value.get", 2)]
    public static string StructMutation()
    {
        var counter = new Counter(5);
        counter.Increment();
        counter.Add(10);
        int afterIncrement = counter.IncrementAndGet();
        string text = counter.ToString();
        Counter copy = counter;
        copy.Increment();
        counter.Reset();
        return afterIncrement + "," + text + "," + counter.Value + "," + copy.Value;
    }

    [ExpectCall(C + "ReadonlyStruct", 1)]
    [ExpectCall(S + "Vec2..ctor", 2)]
    [ExpectCall(S + "Vec2.Scale", 1)]
    [ExpectCall(S + "Vec2.Dot", 2)]
    [ExpectCall(S + "Vec2.LengthSquared.get", 1)]
    [ExpectCall(S + "Vec2.ToString", 1)]
    public static string ReadonlyStruct()
    {
        var v = new Vec2(3, 4);
        Vec2 w = v.Scale(2);
        int dot = v.Dot(w);
        int lengthSquared = w.LengthSquared;
        return dot + "," + lengthSquared + "," + w.ToString();
    }

    [ExpectCall(C + "RefStruct", 1)]
    [ExpectCall(S + "SpanReader..ctor", 1)]
    [ExpectCall(S + "SpanReader.TryRead", 4)]
    public static string RefStruct()
    {
        int[] data = { 4, 5, 6 };
        var reader = new SpanReader(new ReadOnlySpan<int>(data));
        int sum = 0;
        int count = 0;
        while (reader.TryRead(out int value))
        {
            sum += value;
            count++;
        }
        return count + "," + sum;
    }
}
