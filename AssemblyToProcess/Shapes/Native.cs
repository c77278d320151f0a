using System;

namespace AssemblyToProcess.Shapes;

/// <summary><c>stackalloc</c> (into a span and into a pointer), pointer parameters, <c>fixed</c>.</summary>
public static unsafe class NativeShapes
{
    public static int SumWithSpan(int n)
    {
        Span<int> buffer = stackalloc int[n];
        for (int i = 0; i < n; i++) buffer[i] = i * i;
        int sum = 0;
        foreach (int v in buffer) sum += v;
        return sum;
    }

    public static int SumWithPointer(int n)
    {
        int* p = stackalloc int[n];
        Fill(p, n, 3);
        return SumPointer(p, n);
    }

    public static void Fill(int* p, int n, int value)
    {
        for (int i = 0; i < n; i++) p[i] = value + i;
    }

    public static int SumPointer(int* p, int n)
    {
        int sum = 0;
        for (int i = 0; i < n; i++) sum += p[i];
        return sum;
    }

    public static int SumFixed(int[] values)
    {
        fixed (int* p = values)
        {
            return SumPointer(p, values.Length);
        }
    }

    public static long ReinterpretBytes(long value)
    {
        byte* bytes = (byte*)&value;
        long swapped = 0;
        for (int i = 0; i < sizeof(long); i++) swapped = (swapped << 8) | bytes[i];
        return swapped;
    }
}
