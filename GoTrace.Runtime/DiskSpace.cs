using System;
using System.IO;
using System.Runtime.InteropServices;

namespace GoTrace;

/// <summary>
/// Reserves disk blocks under the mapped file with posix_fallocate (Linux), so that writing a mapped page
/// can never meet a full disk (which would kill the process with SIGBUS). Elsewhere there is no reservation.
/// </summary>
internal static class DiskSpace
{
    public static bool CanReserve { get; } =
#if NET5_0_OR_GREATER
        RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
#else
        false;
#endif

    /// <summary>False when the disk has no room; true when reserved or when reservation is not supported.</summary>
    public static bool Reserve(FileStream stream, long offset, long length)
    {
        if (!CanReserve || length <= 0)
        {
            return true;
        }

        try
        {
            var fd = (int)stream.SafeFileHandle.DangerousGetHandle();
            var error = PosixFallocate(fd, offset, length);
            const int NotSupported = 95, Invalid = 22;
            return error == 0 || error == NotSupported || error == Invalid;
        }
        catch (Exception)
        {
            return true;
        }
    }

    [DllImport("libc", EntryPoint = "posix_fallocate")]
    private static extern int PosixFallocate(int fd, long offset, long length);
}
