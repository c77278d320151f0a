using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace GoTrace.Reporter;

/// <summary>
/// The <c>-o</c> file: written under a hidden temporary name beside the file it replaces (where a symbolic link
/// leads, so the link stays) and moved over it by <see cref="Commit"/>. Disposed without a commit (the report
/// failed, whatever the exception), the temporary file is deleted and a file that was already there is left as it
/// was. Devices and a process's descriptors (<c>/dev/stdout</c>) are written in place. SIGINT and SIGTERM (Ctrl+C,
/// <c>kill</c>) delete the temporary files still open before the process ends.
/// </summary>
internal sealed class ReportFile : IDisposable
{
    private static readonly HashSet<string> Open = new(StringComparer.Ordinal);
    private static PosixSignalRegistration[]? _signals;

    private readonly string? _temporaryPath;
    private readonly string _targetPath;
    private readonly FileStream _stream;
    private bool _closed;

    private ReportFile(string path, string targetPath, string? temporaryPath, FileStream stream)
    {
        _targetPath = targetPath;
        _temporaryPath = temporaryPath;
        _stream = stream;
        Output = new ReportOutput(new GuardedStream(stream, path), ownsStream: false);
    }

    public ReportOutput Output { get; }

    /// <summary>Creates the temporary file; throws <see cref="IOException"/> (or what <see cref="FileStream"/> throws) when it cannot.</summary>
    public static ReportFile Create(string path)
    {
        if (Directory.Exists(path))
        {
            throw new IOException("it is a directory");
        }

        var fullPath = Path.GetFullPath(path);
        var target = new FileInfo(fullPath).LinkTarget == null ? fullPath : File.ResolveLinkTarget(fullPath, returnFinalTarget: true)!.FullName;
        if (IsDevice(fullPath) || IsDevice(target))
        {
            return new ReportFile(path, fullPath, null, new FileStream(fullPath, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16));
        }

        var temporaryPath = Path.Combine(
            Path.GetDirectoryName(target)!,
            "." + Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + ".tmp");
        try
        {
            var stream = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16);
            DeleteOnSignal(temporaryPath);
            return new ReportFile(path, target, temporaryPath, stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The message names the file asked for, not the temporary file.
            throw new IOException(e.Message.Replace(temporaryPath, path, StringComparison.Ordinal), e);
        }
    }

    /// <summary>Writes out what is buffered and puts the report in place of the file it replaces.</summary>
    public void Commit()
    {
        Output.Dispose();
        try
        {
            _stream.Dispose();
            if (_temporaryPath != null)
            {
                File.Move(_temporaryPath, _targetPath, overwrite: true);
                Forget(_temporaryPath);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputException(e);
        }

        _closed = true;
    }

    /// <summary>Without a <see cref="Commit"/>: deletes the temporary file (errors are ignored, the report failed already).</summary>
    public void Dispose()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        try
        {
            _stream.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        try
        {
            if (_temporaryPath != null)
            {
                File.Delete(_temporaryPath);
                Forget(_temporaryPath);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Deletes <paramref name="temporaryPath"/> if SIGINT or SIGTERM ends the process before the report is complete.</summary>
    private static void DeleteOnSignal(string temporaryPath)
    {
        lock (Open)
        {
            Open.Add(temporaryPath);
            if (_signals == null)
            {
                try
                {
                    _signals = new[] { PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal) };
                }
                catch (Exception e) when (e is PlatformNotSupportedException or IOException)
                {
                    _signals = Array.Empty<PosixSignalRegistration>();
                }
            }
        }
    }

    private static void Forget(string temporaryPath)
    {
        lock (Open)
        {
            Open.Remove(temporaryPath);
        }
    }

    /// <summary>The process is asked to stop: partial output goes (the signal then ends the process as it would have).</summary>
    private static void OnSignal(PosixSignalContext context)
    {
        lock (Open)
        {
            foreach (var path in Open)
            {
                try
                {
                    File.Delete(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }

            Open.Clear();
        }
    }

    /// <summary>A device or a descriptor (<c>/dev/null</c>, <c>/dev/stdout</c>, <c>/proc/self/fd/1</c>, Windows' <c>NUL</c>): no file to replace.</summary>
    private static bool IsDevice(string fullPath) =>
        fullPath.StartsWith("/dev/", StringComparison.Ordinal)
        || fullPath.StartsWith("/proc/", StringComparison.Ordinal)
        || fullPath.StartsWith(@"\\.\", StringComparison.Ordinal);
}
