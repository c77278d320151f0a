using System;
using System.Runtime.InteropServices;

namespace GoTrace;

/// <summary>The operating system's id of the current thread, for matching with other tools; 0 where unknown.</summary>
internal static class OsThread
{
    public static int CurrentId()
    {
        try
        {
            return RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? Gettid() : 0;
        }
        catch (Exception)
        {
            return 0;
        }
    }

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int Gettid();
}
