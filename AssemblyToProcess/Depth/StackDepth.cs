using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using GoTrace;

namespace AssemblyToProcess.Depth;

/// <summary>
/// <c>AssemblyToProcess --stack-depth</c>: how deep a recursion goes woven and unwoven on the same thread stack.
/// <see cref="Traced"/> and <see cref="Untraced"/> are the same method, one of them [NoTrace]. On a thread with a
/// 4 MiB stack, each recurses 10,000 calls deep and reads the stack pointer at the bottom: the bytes per frame,
/// and from them the deepest recursion the stack holds. Then the traced one really recurses to 75% of its
/// estimate, after warming up only: in the cold round the probe's own 10,000 calls have the tiered JIT promote the
/// method while it runs, and optimized woven frames are larger (docs/weaving.md), so a recursion sized from
/// tier-0 frames could overflow. Once with cold methods (tier-0 code), once after warming them up. Prints one line
/// per round (reached=0 where the deep recursion is not attempted):
/// <c>round=cold traced_bytes_per_frame=32.0 untraced_bytes_per_frame=32.0 traced_max_depth=… untraced_max_depth=… reached=…</c>.
/// </summary>
public static unsafe class StackDepth
{
    private const int StackSize = 4 << 20;
    private const int ProbeDepth = 10_000;

    private static long s_bottom;

    public static void Run()
    {
        Measure("cold", recurse: false);
        for (int i = 0; i < 200; i++)
        {
            Traced(20);
            Untraced(20);
        }

        Thread.Sleep(500); // let tiered compilation promote both
        for (int i = 0; i < 200; i++)
        {
            Traced(20);
            Untraced(20);
        }

        Thread.Sleep(500);
        Measure("warm", recurse: true);
    }

    private static void Measure(string round, bool recurse)
    {
        string line = "";
        var thread = new Thread(() =>
        {
            long top = StackPointer();
            long room = StackSize - 128 * 1024; // guard pages, and what the runtime and a chunk change need below the frames
            s_bottom = 0;
            Traced(ProbeDepth);
            double traced = (top - s_bottom) / (double)ProbeDepth;
            s_bottom = 0;
            Untraced(ProbeDepth);
            double untraced = (top - s_bottom) / (double)ProbeDepth;
            long tracedMax = (long)(room / traced);
            long untracedMax = (long)(room / untraced);
            int reached = recurse ? Traced((int)(tracedMax * 3 / 4)) : 0;
            line = string.Create(CultureInfo.InvariantCulture,
                $"round={round} traced_bytes_per_frame={traced:0.0} untraced_bytes_per_frame={untraced:0.0} traced_max_depth={tracedMax} untraced_max_depth={untracedMax} reached={reached}");
        }, StackSize);
        thread.Start();
        thread.Join();
        Console.WriteLine(line);
    }

    public static int Traced(int n)
    {
        if (n == 0)
        {
            s_bottom = StackPointer();
            return 0;
        }

        return Traced(n - 1) + 1;
    }

    [NoTrace]
    public static int Untraced(int n)
    {
        if (n == 0)
        {
            s_bottom = StackPointer();
            return 0;
        }

        return Untraced(n - 1) + 1;
    }

    [NoTrace]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long StackPointer()
    {
        int here = 0;
        return (long)&here;
    }
}
