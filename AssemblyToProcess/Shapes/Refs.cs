using System.Collections.Generic;
using System.Globalization;

namespace AssemblyToProcess.Shapes;

/// <summary><c>ref</c> returns and locals, <c>out</c>/<c>ref</c>/<c>in</c> parameters.</summary>
public static class RefShapes
{
    public static ref int FindSlot(int[] values, int target)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] == target) return ref values[i];
        }
        throw new KeyNotFoundException("no slot for " + target);
    }

    public static ref readonly int Larger(in int a, in int b)
    {
        if (a >= b) return ref a;
        return ref b;
    }

    public static int RefLocals(int[] values)
    {
        ref int first = ref values[0];
        first = 100;
        ref int slot = ref FindSlot(values, 2);
        slot *= 10;
        slot = ref values[values.Length - 1];
        slot = -slot;
        return values[0] + values[1];
    }

    public static bool TryParsePositive(string text, out int value)
    {
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value > 0) return true;
        value = 0;
        return false;
    }

    public static void Swap(ref int a, ref int b)
    {
        (a, b) = (b, a);
    }

    public static void Increment(ref int x, int by = 1)
    {
        x += by;
    }

    public static int SumIn(in Vec2 v) => v.X + v.Y;

    public static void Split(int value, out int high, out int low)
    {
        high = value / 100;
        low = value % 100;
    }
}
