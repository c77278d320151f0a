#if NET5_0_OR_GREATER
using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;

namespace GoTrace;

/// <summary>
/// Reads the x64 time-stamp counter through a ten-byte native stub in executable memory, called through
/// an unmanaged function pointer without a GC transition (about a third of Stopwatch's cost). Used only
/// when the counter is invariant (Linux: constant_tsc and nonstop_tsc), not trapped by a hypervisor
/// (a read costs well under 60 ns), and the system hands out executable memory; otherwise null.
/// </summary>
internal static unsafe class TimestampCounter
{
    // rdtsc; shl rdx, 32; or rax, rdx; ret
    private static readonly byte[] X64Stub = { 0x0F, 0x31, 0x48, 0xC1, 0xE2, 0x20, 0x48, 0x09, 0xD0, 0xC3 };

    private const int ProtRead = 1, ProtWrite = 2, ProtExec = 4, MapPrivate = 2, MapAnonymousLinux = 0x20;

    public static delegate* unmanaged[SuppressGCTransition]<long> Create(string? requested)
    {
        if (string.Equals(requested, "stopwatch", StringComparison.OrdinalIgnoreCase) ||
            RuntimeInformation.ProcessArchitecture != Architecture.X64 ||
            !RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ||
            !IsInvariant())
        {
            return null;
        }

        try
        {
            var code = (byte*)Mmap(IntPtr.Zero, (UIntPtr)4096, ProtRead | ProtWrite, MapPrivate | MapAnonymousLinux, -1, IntPtr.Zero);
            if (code == null || code == (byte*)-1)
            {
                return null;
            }

            Marshal.Copy(X64Stub, 0, (IntPtr)code, X64Stub.Length);
            if (Mprotect((IntPtr)code, (UIntPtr)4096, ProtRead | ProtExec) != 0)
            {
                return null;
            }

            var counter = (delegate* unmanaged[SuppressGCTransition]<long>)code;
            return IsFast(counter) ? counter : null;
        }
        catch (Exception)
        {
            // No libc, W^X refusal, or anything else: Stopwatch it is.
            return null;
        }
    }

    private static bool IsInvariant()
    {
        try
        {
            var flags = File.ReadAllText("/proc/cpuinfo");
            return flags.Contains(" constant_tsc") && flags.Contains(" nonstop_tsc");
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>A hypervisor that traps the instruction makes each read cost microseconds.</summary>
    private static bool IsFast(delegate* unmanaged[SuppressGCTransition]<long> counter)
    {
        long sink = 0;
        var best = long.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < 200; i++)
            {
                sink += counter();
            }

            best = Math.Min(best, Stopwatch.GetTimestamp() - start);
        }

        var nanosPerRead = best * 1e9 / Stopwatch.Frequency / 200;
        return sink != 0 && nanosPerRead < 60;
    }

    [DllImport("libc", EntryPoint = "mmap")]
    private static extern IntPtr Mmap(IntPtr address, UIntPtr length, int protection, int flags, int fd, IntPtr offset);

    [DllImport("libc", EntryPoint = "mprotect")]
    private static extern int Mprotect(IntPtr address, UIntPtr length, int protection);
}
#endif
