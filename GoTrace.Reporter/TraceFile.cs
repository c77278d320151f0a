using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace GoTrace.Reporter;

/// <summary>
/// A GoTrace trace file (docs/trace-format.md, version 1). <see cref="Open"/> reads the header and the
/// metadata and notes where each thread's event chunks lie; events are streamed chunk by chunk on demand.
/// Files still being written, left by a killed writer, sparse or ending in a partial slot are accepted.
/// </summary>
public sealed class TraceFile : IDisposable
{
    public const int SupportedVersion = 1;
    internal const int ChunkHeaderSize = 32;

    private const int MinimumHeaderSize = 88;
    private const int MinimumChunkSize = 4096;
    private const int MaximumChunkSize = 1 << 30;
    private const uint EventChunkKind = 0x4B4E4843; // "CHNK"
    private const uint MetadataChunkKind = 0x4154454D; // "META"
    private const uint CompleteFlag = 1;
    private static readonly byte[] Magic = "GOTRACE\0"u8.ToArray();

    private readonly SafeFileHandle _handle;
    private readonly long _length;

    private TraceFile(string path, SafeFileHandle handle, long length)
    {
        Path = path;
        _handle = handle;
        _length = length;
    }

    public string Path { get; }

    /// <summary>File length in bytes when it was opened.</summary>
    public long Length => _length;

    public int Version { get; private set; }

    public int HeaderSize { get; private set; }

    public int ChunkSize { get; private set; }

    /// <summary>Header flag bit 0: the process ended and the writer finished the file.</summary>
    public bool IsComplete { get; private set; }

    /// <summary>Clock ticks per second.</summary>
    public double ClockFrequency { get; private set; }

    /// <summary>Clock value when tracing started.</summary>
    public long StartTicks { get; private set; }

    /// <summary>Wall-clock start, nanoseconds since the Unix epoch (UTC).</summary>
    public long StartUnixNanos { get; private set; }

    public DateTimeOffset StartTime => DateTimeOffset.UnixEpoch.AddTicks(StartUnixNanos / 100);

    public int ProcessId { get; private set; }

    /// <summary>Chunk slots the header counts as taken (final when complete).</summary>
    public long ChunkSlotsInUse { get; private set; }

    public long DroppedEvents { get; private set; }

    /// <summary>Events written, from the header (0 until the writer finished).</summary>
    public long EventsWritten { get; private set; }

    /// <summary>Clock value when the writer finished, 0 if it has not.</summary>
    public long EndTicks { get; private set; }

    public string ProcessName { get; private set; } = string.Empty;

    public string CommandLine { get; private set; } = string.Empty;

    public string RuntimeDescription { get; private set; } = string.Empty;

    public string ClockName { get; private set; } = string.Empty;

    /// <summary>Functions by id; unknown ids give a placeholder.</summary>
    public FunctionTable Functions { get; } = new();

    /// <summary>Threads in thread-index order.</summary>
    public IReadOnlyList<TraceThread> Threads { get; private set; } = Array.Empty<TraceThread>();

    /// <summary>Opens and scans a trace; throws <see cref="TraceFormatException"/> when it is not a readable trace.</summary>
    public static TraceFile Open(string path)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            var file = new TraceFile(path, handle, RandomAccess.GetLength(handle));
            file.ReadHeader();
            file.ScanSlots();
            return file;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Converts a tick count (a duration) to seconds.</summary>
    public double TicksToSeconds(long ticks) => ticks / ClockFrequency;

    /// <summary>Streams one thread's events in order, one chunk in memory at a time.</summary>
    public TraceEventStream ReadEvents(TraceThread thread) => new(this, thread);

    public void Dispose() => _handle.Dispose();

    /// <summary>
    /// Reads the event words of a chunk into <paramref name="words"/> (at least ChunkSize/8 long) and
    /// returns how many are present in the file. The data may end earlier at a zero word.
    /// </summary>
    internal int ReadEventWords(EventChunk chunk, ulong[] words)
    {
        var available = (int)Math.Min(ChunkSize, _length - chunk.Offset) - ChunkHeaderSize;
        var bytes = MemoryMarshal.AsBytes(words.AsSpan()).Slice(0, available);
        var read = ReadAt(chunk.Offset + ChunkHeaderSize, bytes);
        var count = read / EventWord.Size;
        var tail = read % EventWord.Size;
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(words.AsSpan(0, count), words.AsSpan(0, count));
        }

        // A partial event after data that never ended: the file was cut through written events.
        if (tail != 0 && (count == 0 || words[count - 1] != EventWord.EndOfData) && bytes.Slice(count * EventWord.Size, tail).IndexOfAnyExcept((byte)0) >= 0)
        {
            throw TraceFormatException.CorruptChunk(chunk.Offset, $"truncated event at offset {chunk.Offset + ChunkHeaderSize + (count * EventWord.Size)}");
        }

        return count;
    }

    private void ReadHeader()
    {
        if (_length == 0)
        {
            throw new TraceFormatException("empty file");
        }

        Span<byte> header = stackalloc byte[MinimumHeaderSize];
        var read = ReadAt(0, header);
        header = header.Slice(0, read);
        if (!header.Slice(0, Math.Min(read, Magic.Length)).SequenceEqual(Magic.AsSpan(0, Math.Min(read, Magic.Length))))
        {
            throw new TraceFormatException("not a GoTrace trace file (bad magic)");
        }

        if (read < 12)
        {
            throw new TraceFormatException($"truncated header (the file is {_length} bytes)");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(8));
        if (version != SupportedVersion)
        {
            throw new TraceFormatException($"unsupported trace format version {version} (this reporter reads version {SupportedVersion})");
        }

        if (read < MinimumHeaderSize)
        {
            throw new TraceFormatException($"truncated header (the file is {_length} bytes)");
        }

        var headerSize = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(12));
        var chunkSize = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(16));
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(20));
        var frequency = BinaryPrimitives.ReadDoubleLittleEndian(header.Slice(24));
        if (headerSize < MinimumHeaderSize || headerSize > MaximumChunkSize || headerSize % 8 != 0)
        {
            throw new TraceFormatException($"corrupt header: header size {headerSize} is invalid");
        }

        if (_length < headerSize)
        {
            throw new TraceFormatException($"truncated header (the file is {_length} bytes, the header {headerSize})");
        }

        if (chunkSize < MinimumChunkSize || chunkSize > MaximumChunkSize || (chunkSize & (chunkSize - 1)) != 0)
        {
            throw new TraceFormatException($"corrupt header: chunk size {chunkSize} is not a power of two from {MinimumChunkSize} to {MaximumChunkSize}");
        }

        if (!double.IsFinite(frequency) || frequency <= 0)
        {
            throw new TraceFormatException($"corrupt header: clock frequency {frequency} is not a positive number");
        }

        Version = (int)version;
        HeaderSize = (int)headerSize;
        ChunkSize = (int)chunkSize;
        IsComplete = (flags & CompleteFlag) != 0;
        ClockFrequency = frequency;
        StartTicks = BinaryPrimitives.ReadInt64LittleEndian(header.Slice(32));
        StartUnixNanos = BinaryPrimitives.ReadInt64LittleEndian(header.Slice(40));
        ProcessId = BinaryPrimitives.ReadInt32LittleEndian(header.Slice(48));
        ChunkSlotsInUse = BinaryPrimitives.ReadInt64LittleEndian(header.Slice(56));
        DroppedEvents = BinaryPrimitives.ReadInt64LittleEndian(header.Slice(64));
        EventsWritten = BinaryPrimitives.ReadInt64LittleEndian(header.Slice(72));
        EndTicks = BinaryPrimitives.ReadInt64LittleEndian(header.Slice(80));
        if (ChunkSlotsInUse < 0 || DroppedEvents < 0 || EventsWritten < 0)
        {
            throw new TraceFormatException("corrupt header: negative counts");
        }
    }

    /// <summary>Visits every slot that starts inside the file: parses metadata, notes event chunks.</summary>
    private void ScanSlots()
    {
        var slotsInFile = (_length - HeaderSize + ChunkSize - 1) / ChunkSize;
        if (IsComplete && ChunkSlotsInUse > slotsInFile)
        {
            throw new TraceFormatException($"truncated file: the header counts {ChunkSlotsInUse} chunk slots but the file holds {slotsInFile}");
        }

        var threads = new Dictionary<int, TraceThread>();
        var metadata = new MetadataParser(Functions, threads);
        Span<byte> chunkHeader = stackalloc byte[ChunkHeaderSize];
        long slot = 0;
        while (slot < slotsInFile)
        {
            var offset = HeaderSize + (slot * ChunkSize);
            var read = ReadAt(offset, chunkHeader);
            var present = chunkHeader.Slice(0, read);
            if (present.Slice(0, Math.Min(4, read)).IndexOfAnyExcept((byte)0) < 0)
            {
                slot++; // unused
                continue;
            }

            if (read < ChunkHeaderSize)
            {
                throw TraceFormatException.CorruptChunk(offset, $"truncated chunk header ({read} of {ChunkHeaderSize} bytes)");
            }

            var kind = BinaryPrimitives.ReadUInt32LittleEndian(present);
            var threadIndex = BinaryPrimitives.ReadUInt32LittleEndian(present.Slice(4));
            var sequence = BinaryPrimitives.ReadUInt32LittleEndian(present.Slice(8));
            var slots = BinaryPrimitives.ReadUInt32LittleEndian(present.Slice(12));
            var baseTicks = BinaryPrimitives.ReadInt64LittleEndian(present.Slice(16));
            switch (kind)
            {
                case EventChunkKind:
                    if (slots != 1)
                    {
                        throw TraceFormatException.CorruptChunk(offset, $"event chunk covers {slots} slots (expected 1)");
                    }

                    if (threadIndex > int.MaxValue)
                    {
                        throw TraceFormatException.CorruptChunk(offset, $"thread index {threadIndex} is out of range");
                    }

                    if (!threads.TryGetValue((int)threadIndex, out var thread))
                    {
                        thread = new TraceThread((int)threadIndex);
                        threads.Add((int)threadIndex, thread);
                    }

                    var chunk = new EventChunk(sequence, offset, baseTicks);
                    CheckNotCutMidEvent(chunk);
                    thread.Chunks.Add(chunk);
                    slot++;
                    break;

                case MetadataChunkKind:
                    if (slots == 0)
                    {
                        throw TraceFormatException.CorruptChunk(offset, "metadata chunk covers 0 slots");
                    }

                    var chunkBytes = (long)slots * ChunkSize;
                    var presentBytes = Math.Min(chunkBytes, _length - offset);
                    if (presentBytes > int.MaxValue)
                    {
                        throw TraceFormatException.CorruptChunk(offset, $"metadata chunk of {chunkBytes} bytes is too large");
                    }

                    var buffer = new byte[presentBytes];
                    var got = ReadAt(offset, buffer);
                    metadata.Parse(buffer.AsSpan(0, got), offset, got < chunkBytes);
                    slot += slots;
                    break;

                default:
                    throw TraceFormatException.CorruptChunk(offset, $"unknown chunk kind 0x{kind:X8}");
            }
        }

        ProcessName = metadata.ProcessName ?? string.Empty;
        CommandLine = metadata.CommandLine ?? string.Empty;
        RuntimeDescription = metadata.RuntimeDescription ?? string.Empty;
        ClockName = metadata.ClockName ?? string.Empty;

        var ordered = new List<TraceThread>(threads.Values);
        ordered.Sort((a, b) => a.ThreadIndex.CompareTo(b.ThreadIndex));
        foreach (var thread in ordered)
        {
            var chunks = thread.Chunks;
            chunks.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
            for (var i = 1; i < chunks.Count; i++)
            {
                if (chunks[i].Sequence == chunks[i - 1].Sequence)
                {
                    throw TraceFormatException.CorruptChunk(
                        chunks[i].Offset, $"thread {thread.ThreadIndex} already has chunk {chunks[i].Sequence} at offset {chunks[i - 1].Offset}");
                }
            }
        }

        Threads = ordered;
    }

    /// <summary>
    /// A chunk the file ends inside is fine (a partial last slot) unless the cut goes through a written event.
    /// </summary>
    private void CheckNotCutMidEvent(EventChunk chunk)
    {
        var dataBytes = _length - chunk.Offset - ChunkHeaderSize;
        var tail = (int)(dataBytes % EventWord.Size);
        if (dataBytes >= ChunkSize - ChunkHeaderSize || tail == 0)
        {
            return;
        }

        var tailOffset = _length - tail;
        var hasPrevious = dataBytes >= EventWord.Size;
        Span<byte> bytes = stackalloc byte[EventWord.Size + EventWord.Size];
        var read = ReadAt(hasPrevious ? tailOffset - EventWord.Size : tailOffset, bytes);
        var previous = hasPrevious ? bytes.Slice(0, EventWord.Size) : Span<byte>.Empty;
        var partial = bytes.Slice(previous.Length, Math.Max(0, read - previous.Length));
        var dataContinued = !hasPrevious || previous.IndexOfAnyExcept((byte)0) >= 0;
        if (dataContinued && partial.IndexOfAnyExcept((byte)0) >= 0)
        {
            throw TraceFormatException.CorruptChunk(chunk.Offset, $"truncated event at offset {tailOffset}");
        }
    }

    /// <summary>Reads until the span is full or the file ends; returns the bytes read.</summary>
    private int ReadAt(long offset, Span<byte> destination)
    {
        var total = 0;
        while (total < destination.Length)
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
}
