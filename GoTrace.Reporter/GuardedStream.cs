using System;
using System.IO;

namespace GoTrace.Reporter;

/// <summary>A failure to write the report (not to read the trace).</summary>
internal sealed class OutputException : Exception
{
    public OutputException(Exception inner)
        : base(inner.Message, inner)
    {
    }

    /// <summary>The reader of standard output went away (<c>| head</c>): not an error worth a message.</summary>
    public bool IsBrokenPipe => InnerException!.Message.Contains("Broken pipe", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Passes writes through, turning I/O failures into <see cref="OutputException"/> so they are told apart from read failures.</summary>
internal sealed class GuardedStream : Stream
{
    private readonly Stream _inner;

    public GuardedStream(Stream inner, string? path = null)
    {
        _inner = inner;
        Path = path;
    }

    public string? Path { get; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            _inner.Write(buffer);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputException(e);
        }
    }

    public override void Flush()
    {
        try
        {
            _inner.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputException(e);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
