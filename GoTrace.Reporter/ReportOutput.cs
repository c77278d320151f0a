using System;
using System.IO;
using System.Text;

namespace GoTrace.Reporter;

/// <summary>
/// Where a report goes, as a byte stream (the JSON timeline and HTML formats) or as text (the tree and tables),
/// whichever the format prefers: a file or standard output given as a stream, or a <see cref="TextWriter"/>
/// (tests, the CLI) that bytes are decoded into.
/// </summary>
internal sealed class ReportOutput : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(false);

    private readonly Stream? _stream;
    private readonly TextWriter? _writer;
    private readonly bool _ownsStream;
    private TextWriter? _streamWriter;
    private Stream? _writerStream;

    public ReportOutput(Stream stream, bool ownsStream)
    {
        _stream = stream;
        _ownsStream = ownsStream;
    }

    public ReportOutput(TextWriter writer)
    {
        _writer = writer;
    }

    public Stream AsStream()
    {
        if (_stream != null)
        {
            _streamWriter?.Flush();
            return _stream;
        }

        return _writerStream ??= new TextWriterStream(_writer!);
    }

    public TextWriter AsWriter()
    {
        if (_writer != null)
        {
            _writerStream?.Flush();
            return _writer;
        }

        return _streamWriter ??= new StreamWriter(_stream!, Utf8, 1 << 16, leaveOpen: true) { NewLine = "\n" };
    }

    public void Flush()
    {
        _streamWriter?.Flush();
        _writerStream?.Flush();
        _stream?.Flush();
        _writer?.Flush();
    }

    public void Dispose()
    {
        Flush();
        _streamWriter?.Dispose();
        if (_ownsStream)
        {
            _stream?.Dispose();
        }
    }

    /// <summary>A write-only stream that decodes UTF-8 into a text writer (sequences split across writes are kept whole).</summary>
    private sealed class TextWriterStream : WriteOnlyStream
    {
        private readonly TextWriter _writer;
        private readonly Decoder _decoder = Utf8.GetDecoder();
        private char[] _chars = new char[4096];

        public TextWriterStream(TextWriter writer)
        {
            _writer = writer;
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var needed = _decoder.GetCharCount(buffer, flush: false);
            if (needed > _chars.Length)
            {
                _chars = new char[Math.Max(needed, _chars.Length * 2)];
            }

            var count = _decoder.GetChars(buffer, _chars, flush: false);
            _writer.Write(_chars, 0, count);
        }

        public override void Flush() => _writer.Flush();
    }
}
