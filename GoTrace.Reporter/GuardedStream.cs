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
internal sealed class GuardedStream : WriteOnlyStream
{
    private readonly Stream _inner;

    public GuardedStream(Stream inner, string? path = null)
    {
        _inner = inner;
        Path = path;
    }

    public string? Path { get; }

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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
