using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace GoTrace.Benchmarks;

/// <summary>
/// What a traced call cannot go below on this machine, measured in the overhead run: a read of the tracer's
/// clock (the rdtsc stub, or Stopwatch where the counter is not used), two of them back to back (an enter and
/// an exit need one each), an empty unmanaged call made the way the tracer calls its stubs (a
/// SuppressGCTransition function pointer to a lone <c>ret</c>), and a [ThreadStatic] read (Enter's one).
/// </summary>
internal sealed unsafe class ClockFloor
{
    private const int Iterations = 2_000_000;
    private const int Rounds = 15;

    [ThreadStatic]
    private static object? _threadStatic;

    private static long _sink;

    private ClockFloor(double read, double twoReads, double emptyCall, double threadStatic)
    {
        Read = read;
        TwoReads = twoReads;
        EmptyCall = emptyCall;
        ThreadStatic = threadStatic;
    }

    public double Read { get; }

    public double TwoReads { get; }

    /// <summary>NaN where no executable stub can be made (not x64 Linux).</summary>
    public double EmptyCall { get; }

    public double ThreadStatic { get; }

    public static ClockFloor Measure()
    {
        _threadStatic = new object();
        var ret = ReturnStub();
        var loops = new List<Action<int>> { ReadOnce, MeasuredLoops.ReadClockTwice, ReadThreadStatic, ReadStatic };
        if (ret != null)
        {
            loops.Add(n => CallEmpty(ret, n));
        }

        var times = loops.Select(_ => new List<double>()).ToList();
        foreach (var loop in loops)
        {
            loop(100_000);
        }

        Thread.Sleep(100);
        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 0; i < loops.Count; i++)
            {
                var start = Stopwatch.GetTimestamp();
                loops[i](Iterations);
                times[i].Add(Stopwatch.GetElapsedTime(start).TotalNanoseconds / Iterations);
            }
        }

        var medians = times.Select(MeasuredLoops.Median).ToList();
        return new ClockFloor(medians[0], medians[1], ret != null ? medians[4] : double.NaN, medians[2] - medians[3]);
    }

    public void WriteTable()
    {
        Console.WriteLine($"| what a traced call cannot avoid (median of {Rounds} rounds of {Iterations:N0}) | ns |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| one read of the tracer's clock ({TraceClock.Name}) | {Read:F1} |");
        Console.WriteLine($"| two reads back to back (an enter and an exit) | {TwoReads:F1} |");
        Console.WriteLine($"| an empty unmanaged call (SuppressGCTransition function pointer to `ret`) | {EmptyCall:F1} |");
        Console.WriteLine($"| a [ThreadStatic] read | {ThreadStatic:F1} |");
    }

    public void WriteSummary() => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"floor: clock={TraceClock.Name} clock_read_ns={Read:F1} two_clock_reads_ns={TwoReads:F1} empty_unmanaged_call_ns={EmptyCall:F1} thread_static_read_ns={ThreadStatic:F1}"));

    private static void ReadOnce(int n)
    {
        long sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += TraceClock.Now();
        }

        _sink += sum;
    }

    /// <summary>Calls of a method that reads the [ThreadStatic] (so that the read cannot be hoisted out of the loop).</summary>
    private static void ReadThreadStatic(int n)
    {
        long sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += HasThreadStatic() ? 1 : 0;
        }

        _sink += sum;
    }

    /// <summary>The same calls of a method that reads a plain static: subtracted from the above.</summary>
    private static void ReadStatic(int n)
    {
        long sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += HasStatic() ? 1 : 0;
        }

        _sink += sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool HasThreadStatic() => _threadStatic != null;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool HasStatic() => _sink != 42;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CallEmpty(delegate* unmanaged[SuppressGCTransition]<void> ret, int n)
    {
        for (var i = 0; i < n; i++)
        {
            ret();
        }
    }

    /// <summary>A page holding a lone <c>ret</c>, executable; null where that cannot be had.</summary>
    private static delegate* unmanaged[SuppressGCTransition]<void> ReturnStub()
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64 || !OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            const int ProtRead = 1, ProtWrite = 2, ProtExec = 4, MapPrivate = 2, MapAnonymous = 0x20;
            var code = (byte*)Mmap(IntPtr.Zero, 4096, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, IntPtr.Zero);
            if (code == null || code == (byte*)-1)
            {
                return null;
            }

            code[0] = 0xC3;
            return Mprotect((IntPtr)code, 4096, ProtRead | ProtExec) == 0 ? (delegate* unmanaged[SuppressGCTransition]<void>)code : null;
        }
        catch (Exception)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "mmap")]
    private static extern IntPtr Mmap(IntPtr address, nuint length, int protection, int flags, int fd, IntPtr offset);

    [DllImport("libc", EntryPoint = "mprotect")]
    private static extern int Mprotect(IntPtr address, nuint length, int protection);
}
