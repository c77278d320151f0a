using System;
using System.Runtime.InteropServices;

namespace GoTrace;

/// <summary>Faults a range of the mapped file in, writable, in one system call (Linux 5.14+).</summary>
internal static unsafe class PageTables
{
    private const int PopulateWrite = 23; // MADV_POPULATE_WRITE
    private static bool _unsupported = !IsLinux();

    /// <summary>False when the kernel cannot do it; the caller then touches the pages itself.</summary>
    public static bool Populate(byte* start, long length)
    {
        if (_unsupported)
        {
            return false;
        }

        try
        {
            // madvise wants a page-aligned start; slots are page-aligned within a page-aligned mapping.
            if (Madvise((IntPtr)start, (UIntPtr)(ulong)length, PopulateWrite) == 0)
            {
                return true;
            }
        }
        catch (Exception)
        {
        }

        _unsupported = true;
        return false;
    }

    private static bool IsLinux() =>
#if NET5_0_OR_GREATER
        OperatingSystem.IsLinux();
#else
        RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
#endif

    [DllImport("libc", EntryPoint = "madvise")]
    private static extern int Madvise(IntPtr address, UIntPtr length, int advice);
}
