using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;

namespace GoTrace.Reporter;

/// <summary>
/// Writes UTF-8 into a pooled buffer and hands full buffers on: straight to a stream, or to a
/// <see cref="BufferQueue"/> that one writer thread drains while workers keep formatting. Numbers are
/// formatted in place, with no strings in between.
/// </summary>
internal sealed class Utf8Writer
{
    public const int BufferSize = 1 << 20;

    private readonly Stream? _stream;
    private readonly BufferQueue? _queue;
    private byte[] _buffer;
    private int _position;

    public Utf8Writer(Stream stream)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    }

    public Utf8Writer(BufferQueue queue)
    {
        _queue = queue;
        _buffer = queue.Rent();
    }

    /// <summary>Bytes written so far (handed on or still buffered).</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Room for at least <paramref name="size"/> bytes (at most <see cref="BufferSize"/>/2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> GetSpan(int size)
    {
        if (_buffer.Length - _position < size)
        {
            Drain();
        }

        return _buffer.AsSpan(_position);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance(int count)
    {
        _position += count;
        BytesWritten += count;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            var span = GetSpan(Math.Min(bytes.Length, 4096));
            var count = Math.Min(span.Length, bytes.Length);
            bytes.Slice(0, count).CopyTo(span);
            Advance(count);
            bytes = bytes.Slice(count);
        }
    }

    public void Write(string text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max <= BufferSize / 2)
        {
            var span = GetSpan(max);
            Advance(Encoding.UTF8.GetBytes(text, span));
        }
        else
        {
            Write(Encoding.UTF8.GetBytes(text));
        }
    }

    /// <summary>A JSON string literal, quotes included (only what JSON requires is escaped, plus &lt; &gt; &amp; for HTML).</summary>
    public void WriteJsonString(string text) => Write(JsonText.Quote(text));

    public void WriteNumber(long value)
    {
        var span = GetSpan(24);
        Utf8Formatter.TryFormat(value, span, out var written);
        Advance(written);
    }

    public void WriteNumber(double value)
    {
        if (!double.IsFinite(value))
        {
            value = 0;
        }

        var span = GetSpan(32);
        Utf8Formatter.TryFormat(value, span, out var written);
        Advance(written);
    }

    /// <summary>Nanoseconds as microseconds with up to three decimals, trailing zeros dropped: 1234567 → 1234.567, 1500 → 1.5.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteMicros(long nanoseconds)
    {
        var span = GetSpan(24);
        Advance(FormatMicros(nanoseconds, span));
    }

    public static int FormatMicros(long nanoseconds, Span<byte> span)
    {
        var written = 0;
        if (nanoseconds < 0)
        {
            span[written++] = (byte)'-';
            nanoseconds = nanoseconds == long.MinValue ? long.MaxValue : -nanoseconds;
        }

        var whole = (ulong)nanoseconds / 1000;
        var fraction = (uint)((ulong)nanoseconds % 1000);
        Utf8Formatter.TryFormat(whole, span.Slice(written), out var digits);
        written += digits;
        if (fraction != 0)
        {
            span[written++] = (byte)'.';
            span[written++] = (byte)('0' + (fraction / 100));
            fraction %= 100;
            if (fraction != 0)
            {
                span[written++] = (byte)('0' + (fraction / 10));
                fraction %= 10;
                if (fraction != 0)
                {
                    span[written++] = (byte)('0' + fraction);
                }
            }
        }

        return written;
    }

    /// <summary>Hands on what is buffered (and, for a stream, flushes it).</summary>
    public void Flush()
    {
        Drain();
        _stream?.Flush();
    }

    /// <summary>Hands on what is buffered and gives the buffer back.</summary>
    public void Complete()
    {
        Drain();
        if (_queue != null)
        {
            _queue.Return(_buffer);
        }
        else
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _stream!.Flush();
        }

        _buffer = Array.Empty<byte>();
    }

    private void Drain()
    {
        if (_position == 0)
        {
            return;
        }

        if (_queue != null)
        {
            _queue.Submit(_buffer, _position);
            _buffer = _queue.Rent();
        }
        else
        {
            _stream!.Write(_buffer, 0, _position);
        }

        _position = 0;
    }
}

/// <summary>
/// Full buffers from several formatting workers on their way to one stream, written by the thread that calls
/// <see cref="WriteAll"/>; a fixed set of buffers bounds the memory (workers wait when the writer falls behind).
/// </summary>
internal sealed class BufferQueue
{
    private readonly BlockingCollection<(byte[] Buffer, int Length)> _full = new();
    private readonly BlockingCollection<byte[]> _free = new();

    public BufferQueue(int buffers)
    {
        for (var i = 0; i < buffers; i++)
        {
            _free.Add(new byte[Utf8Writer.BufferSize]);
        }
    }

    public byte[] Rent() => _free.Take();

    public void Return(byte[] buffer) => _free.Add(buffer);

    public void Submit(byte[] buffer, int length) => _full.Add((buffer, length));

    /// <summary>No more buffers will be submitted.</summary>
    public void CompleteAdding() => _full.CompleteAdding();

    /// <summary>Writes buffers as they come until <see cref="CompleteAdding"/>.</summary>
    public void WriteAll(Stream stream)
    {
        foreach (var (buffer, length) in _full.GetConsumingEnumerable())
        {
            stream.Write(buffer, 0, length);
            _free.Add(buffer);
        }
    }
}

/// <summary>JSON string literals as UTF-8 bytes.</summary>
internal static class JsonText
{
    private static readonly System.Text.Encodings.Web.JavaScriptEncoder Encoder =
        System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>The quoted, escaped UTF-8 bytes of <paramref name="text"/>. Safe inside HTML script elements.</summary>
    public static byte[] Quote(string text)
    {
        var encoded = System.Text.Json.JsonEncodedText.Encode(text, Encoder).EncodedUtf8Bytes;
        var quoted = new byte[encoded.Length + 2];
        quoted[0] = (byte)'"';
        encoded.CopyTo(quoted.AsSpan(1));
        quoted[^1] = (byte)'"';
        return quoted;
    }
}
