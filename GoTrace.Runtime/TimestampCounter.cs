#if NET5_0_OR_GREATER
using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;

namespace GoTrace;

/// <summary>
/// Two native stubs in one page of executable memory, called through unmanaged function pointers without a
/// GC transition: <see cref="Read"/> reads the x64 time-stamp counter (about a third of Stopwatch's cost), and
/// <see cref="Write"/> reads it and stores one event through a thread's <see cref="WriteCursor"/> — the whole
/// hot path of an enter or an exit in one leaf call that needs no registers saved. Used only when the counter
/// is invariant (Linux: constant_tsc and nonstop_tsc), not trapped by a hypervisor (a read costs well under
/// 60 ns), the system hands out executable memory, and the writer passes a self-test; otherwise null.
/// </summary>
internal static unsafe class TimestampCounter
{
    // rdtsc; shl rdx, 32; or rax, rdx; ret
    private static readonly byte[] ReadStub = { 0x0F, 0x31, 0x48, 0xC1, 0xE2, 0x20, 0x48, 0x09, 0xD0, 0xC3 };

    /// <summary>Where the writer starts in the page.</summary>
    private const int WriteOffset = 16;

    // int Write(WriteCursor* cursor /* rdi */, ulong idAndKind /* rsi */): 0 = written, 1 = missed (see WriteCursor).
    //     rdtsc
    //     shl   rdx, 32
    //     or    rax, rdx            ; rax = now
    //     mov   rcx, [rdi]          ; Position
    //     cmp   rcx, [rdi+8]        ; End
    //     jae   missed
    //     mov   rdx, rax
    //     sub   rdx, [rdi+16]       ; delta = now - BaseTicks (a clock below the base wraps to a huge delta)
    //     mov   r8, rdx
    //     shr   r8, 38
    //     jnz   missed              ; delta does not fit in 38 bits
    //     shl   rdx, 26
    //     or    rdx, rsi
    //     mov   [rcx], rdx          ; the event
    //     add   rcx, 8
    //     mov   [rdi], rcx          ; Position += 8
    //     xor   eax, eax
    //     ret
    // missed:
    //     mov   [rdi+24], rax       ; MissedTicks
    //     mov   [rdi+32], rsi       ; MissedWord
    //     mov   eax, 1
    //     ret
    private static readonly byte[] WriteStub =
    {
        0x0F, 0x31, 0x48, 0xC1, 0xE2, 0x20, 0x48, 0x09, 0xD0, 0x48, 0x8B, 0x0F, 0x48, 0x3B, 0x4F, 0x08,
        0x73, 0x24, 0x48, 0x89, 0xC2, 0x48, 0x2B, 0x57, 0x10, 0x49, 0x89, 0xD0, 0x49, 0xC1, 0xE8, 0x26,
        0x75, 0x14, 0x48, 0xC1, 0xE2, 0x1A, 0x48, 0x09, 0xF2, 0x48, 0x89, 0x11, 0x48, 0x83, 0xC1, 0x08,
        0x48, 0x89, 0x0F, 0x31, 0xC0, 0xC3, 0x48, 0x89, 0x47, 0x18, 0x48, 0x89, 0x77, 0x20, 0xB8, 0x01,
        0x00, 0x00, 0x00, 0xC3,
    };

    private const int ProtRead = 1, ProtWrite = 2, ProtExec = 4, MapPrivate = 2, MapAnonymousLinux = 0x20;

    /// <summary>The page holding both stubs, or null when the counter is not to be used.</summary>
    public static byte* Create(string? requested)
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

            Marshal.Copy(ReadStub, 0, (IntPtr)code, ReadStub.Length);
            Marshal.Copy(WriteStub, 0, (IntPtr)(code + WriteOffset), WriteStub.Length);
            if (Mprotect((IntPtr)code, (UIntPtr)4096, ProtRead | ProtExec) != 0)
            {
                return null;
            }

            return IsFast(Read(code)) && WriterWorks(code) ? code : null;
        }
        catch (Exception)
        {
            // No libc, W^X refusal, or anything else: Stopwatch it is.
            return null;
        }
    }

    public static delegate* unmanaged[SuppressGCTransition]<long> Read(byte* code) =>
        (delegate* unmanaged[SuppressGCTransition]<long>)code;

    public static delegate* unmanaged[SuppressGCTransition]<WriteCursor*, ulong, int> Write(byte* code) =>
        (delegate* unmanaged[SuppressGCTransition]<WriteCursor*, ulong, int>)(code + WriteOffset);

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

    /// <summary>The writer does what the managed path would: writes and advances, or reports a miss and leaves the buffer alone.</summary>
    private static bool WriterWorks(byte* code)
    {
        var write = Write(code);
        var events = stackalloc ulong[4];
        events[0] = events[1] = events[2] = events[3] = 0;
        var cursor = stackalloc WriteCursor[1];
        var word = (0x123456UL << TraceLayout.FunctionIdShift) | TraceLayout.ExitKind;

        // Room and a recent base: written.
        *cursor = new WriteCursor { Position = (byte*)events, End = (byte*)(events + 2), BaseTicks = Read(code)() };
        if (write(cursor, word) != 0 || cursor->Position != (byte*)(events + 1) ||
            (events[0] & ((1UL << TraceLayout.TicksShift) - 1)) != word || (events[0] >> TraceLayout.TicksShift) > (1UL << 36) || events[1] != 0)
        {
            return false;
        }

        // No room: missed, nothing written.
        cursor->End = cursor->Position;
        if (write(cursor, word) != 1 || cursor->Position != (byte*)(events + 1) || events[1] != 0 ||
            cursor->MissedWord != word || cursor->MissedTicks < cursor->BaseTicks)
        {
            return false;
        }

        // A base in the future (or too far in the past): missed.
        cursor->End = (byte*)(events + 4);
        cursor->BaseTicks = cursor->MissedTicks + (1L << 40);
        cursor->MissedWord = 0;
        return write(cursor, word) == 1 && cursor->MissedWord == word && cursor->Position == (byte*)(events + 1) && events[1] == 0;
    }

    [DllImport("libc", EntryPoint = "mmap")]
    private static extern IntPtr Mmap(IntPtr address, UIntPtr length, int protection, int flags, int fd, IntPtr offset);

    [DllImport("libc", EntryPoint = "mprotect")]
    private static extern int Mprotect(IntPtr address, UIntPtr length, int protection);
}
#endif
