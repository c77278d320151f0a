using System;
using System.IO;
using System.Runtime.InteropServices;

namespace GoTrace;

/// <summary>
/// Creates the trace file readable by its owner only (0600 on Unix) and never through a symbolic link:
/// an existing link at the path is refused; an existing file is replaced by a new one.
/// </summary>
internal static class SecureFile
{
    public static FileStream CreateNew(string path)
    {
        var existing = new FileInfo(path);
        if (existing.Exists || Directory.Exists(path))
        {
#if NET6_0_OR_GREATER
            if (existing.LinkTarget != null)
            {
                throw new IOException("the path is a symbolic link; refusing to write through it");
            }
#else
            if ((existing.Attributes & FileAttributes.ReparsePoint) != 0)
            {
                throw new IOException("the path is a symbolic link; refusing to write through it");
            }
#endif
            existing.Delete();
        }

#if NET7_0_OR_GREATER
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew, // O_EXCL: fails on anything created at the path meanwhile, links included
            Access = FileAccess.ReadWrite,
            Share = FileShare.Read | FileShare.Delete,
        };
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
#else
        return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
#endif
    }
}
