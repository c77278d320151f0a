using System;
using System.IO;

namespace GoTrace.Cli;

/// <summary>Refuses an <c>-o</c> file gotrace could not write, before anything is built or run.</summary>
public static class OutputPathCheck
{
    /// <summary>Throws a <see cref="CliException"/> (exit 2) unless <paramref name="path"/> can be created or overwritten.</summary>
    public static void RequireWritable(string path)
    {
        string fullPath;
        try
        {
            fullPath = Path.GetFullPath(path);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException)
        {
            throw Refuse(path, exception.Message);
        }

        if (Directory.Exists(fullPath))
        {
            throw Refuse(path, "it is a folder");
        }

        var directory = Path.GetDirectoryName(fullPath)!;
        if (!Directory.Exists(directory))
        {
            var shown = Path.GetDirectoryName(path) is { Length: > 0 } typed ? typed : directory;
            throw Refuse(path, File.Exists(directory) ? $"{shown} is a file, not a folder" : $"its folder {shown} does not exist");
        }

        try
        {
            // Open an existing file without truncating it; otherwise create and drop a scratch file beside it.
            using var probe = File.Exists(fullPath)
                ? new FileStream(fullPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)
                : new FileStream(Path.Combine(directory, $".gotrace-probe-{Guid.NewGuid():N}"), FileMode.CreateNew,
                    FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (UnauthorizedAccessException)
        {
            throw Refuse(path, "permission denied");
        }
        catch (IOException exception)
        {
            throw Refuse(path, exception.Message);
        }
    }

    static CliException Refuse(string path, string reason) => new($"cannot write {path}: {reason}");
}
