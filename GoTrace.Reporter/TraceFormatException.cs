using System;

namespace GoTrace.Reporter;

/// <summary>A file that is not a readable GoTrace trace. The message is one line saying what is wrong.</summary>
public sealed class TraceFormatException : Exception
{
    public TraceFormatException(string message)
        : base(message)
    {
    }

    public TraceFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static TraceFormatException CorruptChunk(long chunkOffset, string what) =>
        new($"corrupt chunk at offset {chunkOffset}: {what}");
}
