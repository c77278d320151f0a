using System;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace GoTrace.Reporter;

/// <summary>Where a trace's bytes come from: a file read with positioned reads, or memory. Safe to read from several threads.</summary>
internal abstract class TraceSource : IDisposable
{
    public abstract long Length { get; }

    /// <summary>Reads until <paramref name="destination"/> is full or the source ends; returns the bytes read.</summary>
    public abstract int ReadAt(long offset, Span<byte> destination);

    public virtual void Dispose()
    {
    }
}

/// <summary>A file on disk, read with <see cref="RandomAccess"/> (pread): no shared position, no mapping that would count as our memory.</summary>
internal sealed class FileTraceSource : TraceSource
{
    private readonly SafeFileHandle _handle;

    public FileTraceSource(SafeFileHandle handle)
    {
        _handle = handle;
        Length = RandomAccess.GetLength(handle);
    }

    public override long Length { get; }

    public override int ReadAt(long offset, Span<byte> destination)
    {
        var total = 0;
        while (total < destination.Length && offset + total < Length)
        {
            var read = RandomAccess.Read(_handle, destination.Slice(total), offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    public override void Dispose() => _handle.Dispose();
}

/// <summary>A trace held in memory (tests, fuzzing, traces received over a pipe).</summary>
internal sealed class MemoryTraceSource : TraceSource
{
    private readonly ReadOnlyMemory<byte> _bytes;

    public MemoryTraceSource(ReadOnlyMemory<byte> bytes)
    {
        _bytes = bytes;
    }

    public override long Length => _bytes.Length;

    public override int ReadAt(long offset, Span<byte> destination)
    {
        if (offset >= _bytes.Length || offset < 0)
        {
            return 0;
        }

        var count = (int)Math.Min(destination.Length, _bytes.Length - offset);
        _bytes.Span.Slice((int)offset, count).CopyTo(destination);
        return count;
    }
}
