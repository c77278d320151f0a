using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace GoTrace.Reporter;

/// <summary>
/// A GoTrace trace file (docs/trace-format.md, versions 1 and 2). <see cref="Open"/> reads the header and the
/// metadata and notes where each thread's event chunks lie; events are streamed chunk by chunk on demand.
/// Files still being written, left by a killed writer, sparse or ending in a partial slot are accepted.
/// </summary>
public sealed class TraceFile : IDisposable
{
    /// <summary>The newest format version this reader knows; it reads every version from 1 (version 2 lets an event chunk span several slots and records activities).</summary>
    public const int SupportedVersion = 2;
    internal const int ChunkHeaderSize = 32;

    private const int MinimumHeaderSize = 88;
    private const int MinimumChunkSize = 4096;
    private const int MaximumChunkSize = 1 << 30;
    private const uint EventChunkKind = 0x4B4E4843; // "CHNK"
    private const uint MetadataChunkKind = 0x4154454D; // "META"
    private const uint CompleteFlag = 1;
    private const double MinimumClockFrequency = 1e3;
    private const double MaximumClockFrequency = 1e12;
    private static readonly byte[] Magic = "GOTRACE\0"u8.ToArray();

    private readonly TraceSource _source;
    private readonly long _length;
    private readonly List<string> _notes = new();

    private TraceFile(string path, TraceSource source)
    {
        Path = path;
        _source = source;
        _length = source.Length;
    }

    /// <summary>The file's path, or the name given to a trace opened from memory.</summary>
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

    /// <summary>The tracer's cost per call measured by the traced process; null in traces written before it was recorded.</summary>
    public TracerCost? TracerCost { get; private set; }

    /// <summary>False (<c>--raw</c>) reports the times as the clock measured them, the tracer's cost included.</summary>
    public bool Compensate { get; set; } = true;

    /// <summary>The cost the reports take out of every time: <see cref="TracerCost"/> unless <see cref="Compensate"/> is off.</summary>
    public TracerCost? Compensation => Compensate ? TracerCost : null;

    /// <summary>Functions by id; unknown ids give a placeholder.</summary>
    public FunctionTable Functions { get; } = new();

    /// <summary>The activities that async calls and spawns ran inside (version 2), by the id their activity events carry.</summary>
    public TraceActivities Activities { get; private set; } = new();

    /// <summary>Threads in thread-index order.</summary>
    public IReadOnlyList<TraceThread> Threads { get; private set; } = Array.Empty<TraceThread>();

    /// <summary>Event chunks of all threads.</summary>
    public long EventChunkCount { get; private set; }

    /// <summary>
    /// What the reader found missing while scanning, one line each: a file cut short (a truncated copy),
    /// the end of a chunk or a metadata record cut off. What is there still reports.
    /// </summary>
    public IReadOnlyList<string> ReadNotes => _notes;

    /// <summary>Opens and scans a trace; throws <see cref="TraceFormatException"/> when it is not a readable trace.</summary>
    public static TraceFile Open(string path)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return Open(path, new FileTraceSource(handle));
    }

    /// <summary>Opens a trace held in memory (the array is not copied: leave it unchanged while the trace is in use).</summary>
    public static TraceFile Open(byte[] bytes, string name = "<memory>") => Open(new ReadOnlyMemory<byte>(bytes), name);

    /// <summary>Opens a trace held in memory (not copied: leave it unchanged while the trace is in use).</summary>
    public static TraceFile Open(ReadOnlyMemory<byte> bytes, string name = "<memory>") => Open(name, new MemoryTraceSource(bytes));

    private static TraceFile Open(string name, TraceSource source)
    {
        try
        {
            var file = new TraceFile(name, source);
            file.ReadHeader();
            file.ScanSlots();
            return file;
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Words a buffer needs to hold one chunk's events: a chunk's worth, or less when the file is smaller
    /// (a corrupt header must not make a reader allocate a gigabyte for a small file).
    /// </summary>
    internal int EventBufferWords => (int)(Math.Max(0, Math.Min(_largestEventChunk, _length - HeaderSize) - ChunkHeaderSize) / EventWord.Size) + 1;

    /// <summary>The most slots one event chunk may span: a thread's chunks grow from one slot to this many.</summary>
    internal const int MaxEventChunkSlots = 64;

    /// <summary>Bytes of the largest event chunk (one slot when there is none).</summary>
    private long _largestEventChunk;

    /// <summary>Converts a tick count (a duration) to seconds.</summary>
    public double TicksToSeconds(long ticks) => ticks / ClockFrequency;

    /// <summary>Streams one thread's events in order, one chunk in memory at a time.</summary>
    public TraceEventStream ReadEvents(TraceThread thread) => new(this, thread, withWork: false);

    /// <summary>A thread's events with its work events (spawn, begin, end, async call, async complete) among them.</summary>
    public TraceEventStream ReadEvents(TraceThread thread, bool withWork) => new(this, thread, withWork);

    public void Dispose()
    {
        AccountingCheck.OnClose(this);
        _source.Dispose();
    }

    /// <summary>Set once <see cref="AccountingCheck"/> checked a tree built from this file.</summary>
    internal bool AccountingChecked { get; set; }

    /// <summary>
    /// Reads the event words of a chunk into <paramref name="words"/> (at least ChunkSize/8 long) and
    /// returns how many whole words are present in the file (a partial word cut by the end of the file
    /// is left out; the scan noted it). The data may end earlier at a zero word. Safe to call from several
    /// threads with their own buffers.
    /// </summary>
    internal int ReadEventWords(EventChunk chunk, ulong[] words)
    {
        var available = (int)Math.Max(0, Math.Min(chunk.Length, _length - chunk.Offset) - ChunkHeaderSize);
        var bytes = MemoryMarshal.AsBytes(words.AsSpan()).Slice(0, available);
        var read = ReadAt(chunk.Offset + ChunkHeaderSize, bytes);
        var count = read / EventWord.Size;
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(words.AsSpan(0, count), words.AsSpan(0, count));
        }

        return count;
    }

    /// <summary>
    /// The latest clock value of any event, from each thread's last chunk (cheap: one chunk a thread).
    /// Used to close calls still open at the end of an incomplete trace before every event has been read.
    /// </summary>
    internal long LatestEventTicks()
    {
        var latest = StartTicks;
        var words = new ulong[EventBufferWords];
        foreach (var thread in Threads)
        {
            if (thread.Chunks.Count == 0)
            {
                continue;
            }

            var chunk = thread.Chunks[thread.Chunks.Count - 1];
            var count = ReadEventWords(chunk, words);
            for (var i = 0; i < count && words[i] != EventWord.EndOfData; i++)
            {
                if (EventWord.Kind(words[i]) == EventWord.Count)
                {
                    continue; // a count event holds a number of calls, not a time
                }

                latest = Math.Max(latest, chunk.BaseTicks + EventWord.DeltaTicks(words[i]));
                if (EventWord.Kind(words[i]) == EventWord.Work)
                {
                    i++; // the work event's second word holds no time
                }
            }
        }

        return latest;
    }

    /// <summary>The clock value calls still open at the end are closed at: the writer's end when complete, else the latest event.</summary>
    internal long EndOfTraceTicks(long latestEventTicks) =>
        IsComplete && EndTicks != 0 ? EndTicks : Math.Max(latestEventTicks, StartTicks);

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
        if (version is < 1 or > SupportedVersion)
        {
            throw new TraceFormatException($"unsupported trace format version {version} (this reporter reads versions 1 to {SupportedVersion})");
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

        // Real clocks tick from about a kilohertz to a few gigahertz; anything else is a damaged header.
        if (frequency < MinimumClockFrequency || frequency > MaximumClockFrequency)
        {
            throw new TraceFormatException($"corrupt header: clock frequency {frequency.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)} ticks/s is outside 1e3 to 1e12");
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
            _notes.Add($"the file is cut short: the header counts {ChunkSlotsInUse} chunk slots but the file holds {slotsInFile} (a truncated copy?); events in the missing part are not shown");
        }

        // The writer counts the slots it takes in the header before it writes them, so the slots past that count
        // are unused: a file the writer did not cut to size (killed) is not read through its empty tail.
        _largestEventChunk = ChunkSize;
        var slotsToRead = ChunkSlotsInUse > 0 ? Math.Min(slotsInFile, ChunkSlotsInUse) : slotsInFile;
        var threads = new Dictionary<int, TraceThread>();
        var metadata = new MetadataParser(Functions, threads);
        Span<byte> chunkHeader = stackalloc byte[ChunkHeaderSize];
        long slot = 0;
        while (slot < slotsToRead)
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
                _notes.Add($"the file ends inside the chunk header at offset {offset} ({read} of {ChunkHeaderSize} bytes); that chunk is not shown");
                break;
            }

            var kind = BinaryPrimitives.ReadUInt32LittleEndian(present);
            var threadIndex = BinaryPrimitives.ReadUInt32LittleEndian(present.Slice(4));
            var sequence = BinaryPrimitives.ReadUInt32LittleEndian(present.Slice(8));
            var slots = BinaryPrimitives.ReadUInt32LittleEndian(present.Slice(12));
            var baseTicks = BinaryPrimitives.ReadInt64LittleEndian(present.Slice(16));
            switch (kind)
            {
                case EventChunkKind:
                    if (slots == 0 || slots > MaxEventChunkSlots)
                    {
                        throw TraceFormatException.CorruptChunk(offset, $"event chunk covers {slots} slots (expected 1 to {MaxEventChunkSlots})");
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

                    var chunk = new EventChunk(sequence, offset, baseTicks, (int)slots * ChunkSize);
                    CheckNotCutMidEvent(chunk, thread.ThreadIndex);
                    thread.Chunks.Add(chunk);
                    thread.ChunkBytes += chunk.Length;
                    _largestEventChunk = Math.Max(_largestEventChunk, chunk.Length);
                    EventChunkCount++;
                    slot += slots;
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
                    if (metadata.Parse(buffer.AsSpan(0, got), offset, got < chunkBytes) is { } cutOff)
                    {
                        _notes.Add(cutOff);
                    }

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
        Activities = metadata.Activities;
        TracerCost = metadata.TracerCost;

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
    /// A chunk the file ends inside is fine (a partial last slot); when the cut goes through a written event,
    /// that event is lost: say so.
    /// </summary>
    private void CheckNotCutMidEvent(EventChunk chunk, int threadIndex)
    {
        var dataBytes = _length - chunk.Offset - ChunkHeaderSize;
        var tail = (int)(dataBytes % EventWord.Size);
        if (dataBytes >= chunk.Length - ChunkHeaderSize || tail == 0)
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
            _notes.Add($"the file ends inside an event of thread #{threadIndex} at offset {tailOffset} (a truncated copy?); that thread's later events are missing");
        }
    }

    /// <summary>Reads until the span is full or the file ends; returns the bytes read.</summary>
    private int ReadAt(long offset, Span<byte> destination) => _source.ReadAt(offset, destination);
}
