using System;
using System.Linq;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Tests.Reporter;

/// <summary>
/// Writes trace files in the documented format (docs/trace-format.md, version 1 unless told; activity records are version 2's) for reporter unit tests.
/// Times are nanoseconds after the start (the clock runs at 1 GHz unless told otherwise).
/// </summary>
public sealed class TraceFileBuilder
{
    public const int HeaderSize = 4096;

    /// <summary>The kind under which a work event's second word is kept (written raw, not counted as an event).</summary>
    internal const ulong WorkSecondWord = 4;
    private const int ChunkHeaderSize = 32;
    private const uint EventKind = 0x4B4E4843;
    private const uint MetaKind = 0x4154454D;

    private readonly List<byte[]> _records = new();
    private readonly List<ThreadEvents> _threads = new();

    public int ChunkSize { get; set; } = 4096;

    public double ClockFrequency { get; set; } = 1e9;

    public long StartTicks { get; set; } = 5_000_000;

    public long StartUnixNanos { get; set; } = 1_700_000_000_000_000_000;

    public int ProcessId { get; set; } = 4242;

    public uint Version { get; set; } = 1;

    public bool Complete { get; set; } = true;

    /// <summary>When the writer finished, in ns after the start; defaults to the last event.</summary>
    public long? EndAt { get; set; }

    public long DroppedEvents { get; set; }

    /// <summary>Events per chunk before the thread takes a new one (a zero word ends a short chunk).</summary>
    public int? EventsPerChunk { get; set; }

    /// <summary>Zero slots after the chunks in use, like a preallocated file.</summary>
    public int TrailingZeroSlots { get; set; }

    /// <summary>Lay event chunks out last-sequence-first, to check the reader orders by sequence.</summary>
    public bool ReverseChunkOrder { get; set; }

    public TraceFileBuilder Process(string name, string commandLine, string runtime = ".NET 10.0.0", string clock = "stopwatch")
    {
        var payload = new List<byte>();
        AddString(payload, name);
        AddString(payload, commandLine);
        AddString(payload, runtime);
        AddString(payload, clock);
        return Record(1, payload);
    }

    /// <summary>A module whose functions get ids baseId, baseId+1, ... in the order given ("Namespace", "Type.Member").</summary>
    public TraceFileBuilder Module(string assemblyName, int baseId, params (string Namespace, string Name)[] functions)
    {
        var lines = new List<string>();
        for (var i = 0; i < functions.Length; i++)
        {
            lines.Add($"{functions[i].Namespace}\t{functions[i].Name}\t/src/{functions[i].Name.Split('.')[0]}.cs\t{10 + i}");
        }

        return ModuleTable(assemblyName, baseId, functions.Length, string.Join("\n", lines));
    }

    public TraceFileBuilder ModuleTable(string assemblyName, int baseId, int count, string table)
    {
        var payload = new List<byte>();
        AddInt(payload, baseId);
        AddInt(payload, count);
        AddString(payload, assemblyName);
        AddString(payload, table);
        return Record(2, payload);
    }

    /// <summary>Declares a thread (writes its thread record) and returns its event list.</summary>
    public ThreadEvents Thread(int index, int managedId, string name = "", int osId = 0, bool threadPool = false, bool background = false)
    {
        var payload = new List<byte>();
        AddInt(payload, index);
        AddInt(payload, managedId);
        AddInt(payload, osId);
        AddInt(payload, (threadPool ? 1 : 0) | (background ? 2 : 0));
        AddString(payload, name);
        Record(3, payload);
        return Events(index);
    }

    /// <summary>Writes a drops record: <paramref name="count"/> events of thread <paramref name="index"/> lost, the first <paramref name="firstAt"/> ticks after the start.</summary>
    public TraceFileBuilder Drops(int index, long count, long firstAt)
    {
        var payload = new List<byte>();
        AddInt(payload, index);
        AddInt(payload, 0);
        AddInt(payload, (int)count);
        AddInt(payload, (int)(count >> 32));
        AddInt(payload, (int)(StartTicks + firstAt));
        AddInt(payload, (int)((StartTicks + firstAt) >> 32));
        return Record(4, payload);
    }

    /// <summary>
    /// Writes an activity record (version 2): activity events carrying <paramref name="id"/> name the W3C trace id
    /// and span id given in hex.
    /// </summary>
    public TraceFileBuilder Activity(long id, string traceId, string spanId, int flags = 1)
    {
        var payload = new List<byte>();
        AddInt(payload, (int)id);
        AddInt(payload, (int)(id >> 32));
        payload.AddRange(Convert.FromHexString(traceId));
        payload.AddRange(Convert.FromHexString(spanId));
        AddInt(payload, flags);
        return Record(6, payload);
    }

    /// <summary>Events of a thread that has no thread record.</summary>
    public ThreadEvents Events(int index)
    {
        var thread = new ThreadEvents(index, StartTicks);
        _threads.Add(thread);
        return thread;
    }

    /// <summary>
    /// The tracer's cost per call the trace records (calibration record, ticks; added after the other records when
    /// there are any): none by default, so times are as written; null for a trace of a runtime that did not record it.
    /// </summary>
    public GoTrace.Reporter.TracerCost? TracerCost { get; set; } = new(0, 0, 0, 0, 0);

    private static byte[] CalibrationRecord(GoTrace.Reporter.TracerCost cost)
    {
        // The sixth figure (a count added to a count word) only when the cost has one, as an older runtime wrote five.
        var fields = cost.CountedMerged >= 0
            ? new[] { cost.TimedCall, cost.TimedInside, cost.CountedCall, cost.CountedInside, cost.WorkEvent, cost.CountedMerged }
            : new[] { cost.TimedCall, cost.TimedInside, cost.CountedCall, cost.CountedInside, cost.WorkEvent };
        var payload = new byte[8 + (8 * fields.Length)];
        BinaryPrimitives.WriteInt32LittleEndian(payload, 0);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(4), 1000);
        for (var i = 0; i < fields.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(payload.AsSpan(8 + (8 * i)), fields[i]);
        }

        var record = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)payload.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(4), 5);
        payload.CopyTo(record, 8);
        return record;
    }

    public TraceFileBuilder Record(ushort type, List<byte> payload)
    {
        var record = new byte[8 + ((payload.Count + 7) & ~7)];
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)payload.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(4), type);
        payload.CopyTo(record, 8);
        _records.Add(record);
        return this;
    }

    public byte[] Build()
    {
        var chunks = new List<byte[]>();
        AddMetadataChunks(chunks);
        AddEventChunks(chunks);

        var slots = 0;
        foreach (var chunk in chunks)
        {
            slots += chunk.Length / ChunkSize;
        }

        var file = new byte[HeaderSize + ((long)(slots + TrailingZeroSlots) * ChunkSize)];
        WriteHeader(file, slots);
        var offset = HeaderSize;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(file, offset);
            offset += chunk.Length;
        }

        return file;
    }

    public string Save(string path)
    {
        File.WriteAllBytes(path, Build());
        return path;
    }

    private void WriteHeader(byte[] file, int slots)
    {
        var header = file.AsSpan(0, HeaderSize);
        "GOTRACE\0"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(8), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(12), HeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(16), (uint)ChunkSize);
        BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(20), Complete ? 1u : 0u);
        BinaryPrimitives.WriteDoubleLittleEndian(header.Slice(24), ClockFrequency);
        BinaryPrimitives.WriteInt64LittleEndian(header.Slice(32), StartTicks);
        BinaryPrimitives.WriteInt64LittleEndian(header.Slice(40), StartUnixNanos);
        BinaryPrimitives.WriteInt32LittleEndian(header.Slice(48), ProcessId);
        BinaryPrimitives.WriteInt64LittleEndian(header.Slice(56), slots);
        BinaryPrimitives.WriteInt64LittleEndian(header.Slice(64), DroppedEvents);
        if (Complete)
        {
            long events = 0;
            long last = 0;
            foreach (var thread in _threads)
            {
                events += thread.Words.Count(w => w.Kind != WorkSecondWord); // a work event's two words are one event
                last = Math.Max(last, thread.LastAt);
            }

            BinaryPrimitives.WriteInt64LittleEndian(header.Slice(72), events);
            BinaryPrimitives.WriteInt64LittleEndian(header.Slice(80), StartTicks + (EndAt ?? last));
        }
    }

    /// <summary>Packs records into META chunks; a record too big for one slot gets a chunk of several.</summary>
    private void AddMetadataChunks(List<byte[]> chunks)
    {
        byte[]? current = null;
        var position = 0;
        uint sequence = 0;
        var records = new List<byte[]>(_records);
        if (TracerCost is { } cost && records.Count > 0)
        {
            records.Add(CalibrationRecord(cost));
        }

        foreach (var record in records)
        {
            if (current == null || position + record.Length > current.Length)
            {
                var slots = (ChunkHeaderSize + record.Length + ChunkSize - 1) / ChunkSize;
                current = new byte[slots * ChunkSize];
                BinaryPrimitives.WriteUInt32LittleEndian(current, MetaKind);
                BinaryPrimitives.WriteUInt32LittleEndian(current.AsSpan(8), sequence++);
                BinaryPrimitives.WriteUInt32LittleEndian(current.AsSpan(12), (uint)slots);
                chunks.Add(current);
                position = ChunkHeaderSize;
            }

            record.CopyTo(current, position);
            position += record.Length;
        }
    }

    /// <summary>Cuts each thread's events into chunks and lays them out round-robin across threads.</summary>
    private void AddEventChunks(List<byte[]> chunks)
    {
        var perChunk = EventsPerChunk ?? ((ChunkSize - ChunkHeaderSize) / 8);
        var perThread = new List<List<byte[]>>();
        foreach (var thread in _threads)
        {
            var own = new List<byte[]>();
            for (var first = 0; first < thread.Words.Count; first += perChunk)
            {
                var chunk = new byte[ChunkSize];
                var baseTicks = thread.Words[first].Ticks;
                BinaryPrimitives.WriteUInt32LittleEndian(chunk, EventKind);
                BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)thread.Index);
                BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(8), (uint)own.Count);
                BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(12), 1);
                BinaryPrimitives.WriteInt64LittleEndian(chunk.AsSpan(16), baseTicks);
                for (var i = first; i < Math.Min(first + perChunk, thread.Words.Count); i++)
                {
                    var (kind, id, ticks, raw) = thread.Words[i];
                    var word = raw ?? (kind | ((ulong)id << 2) | ((ulong)(ticks - baseTicks) << 26));
                    BinaryPrimitives.WriteUInt64LittleEndian(chunk.AsSpan(ChunkHeaderSize + ((i - first) * 8)), word);
                }

                own.Add(chunk);
            }

            if (ReverseChunkOrder)
            {
                own.Reverse();
            }

            perThread.Add(own);
        }

        for (var round = 0; ; round++)
        {
            var any = false;
            foreach (var own in perThread)
            {
                if (round < own.Count)
                {
                    chunks.Add(own[round]);
                    any = true;
                }
            }

            if (!any)
            {
                break;
            }
        }
    }

    private static void AddInt(List<byte> payload, int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        payload.AddRange(bytes);
    }

    private static void AddString(List<byte> payload, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        AddInt(payload, bytes.Length);
        payload.AddRange(bytes);
    }

    /// <summary>One thread's events in order.</summary>
    public sealed class ThreadEvents
    {
        private readonly long _startTicks;

        internal ThreadEvents(int index, long startTicks)
        {
            Index = index;
            _startTicks = startTicks;
        }

        public int Index { get; }

        internal List<(ulong Kind, int Id, long Ticks, ulong? Raw)> Words { get; } = new();

        internal long LastAt { get; private set; }

        public ThreadEvents Enter(int id, long at) => Add(1, id, at);

        public ThreadEvents Exit(int id, long at) => Add(2, id, at);

        /// <summary>A call of <paramref name="id"/> from <paramref name="from"/> to <paramref name="to"/> with nothing inside.</summary>
        public ThreadEvents Call(int id, long from, long to) => Enter(id, from).Exit(id, to);

        /// <summary>
        /// A work event (docs/trace-format.md): a kind-3 word with <paramref name="functionId"/> (the async method
        /// of an async call) and the second word with the work id and what happened. The two words must land in the
        /// same chunk: keep the thread's word count even before it when chunks fill up.
        /// </summary>
        public ThreadEvents WorkEvent(GoTrace.Reporter.WorkWhat what, long workId, long at, int functionId = 0)
        {
            Add(3, functionId, at);
            Words.Add((WorkSecondWord, 0, _startTicks + at, ((ulong)what << 56) | (ulong)workId));
            return this;
        }

        /// <summary>
        /// A count event (docs/trace-format.md, version 2): <paramref name="calls"/> calls of counted function
        /// <paramref name="id"/> by the innermost open call, no clock value (a chunk it starts has the last event's time as its base).
        /// </summary>
        public ThreadEvents Count(int id, long calls)
        {
            Words.Add((0, id, _startTicks + LastAt, ((ulong)id << 2) | ((ulong)calls << 26)));
            return this;
        }

        /// <summary>An event word written as is (for corrupt data).</summary>
        public ThreadEvents Raw(ulong word, long at)
        {
            Words.Add((0, 0, _startTicks + at, word));
            return this;
        }

        private ThreadEvents Add(ulong kind, int id, long at)
        {
            Words.Add((kind, id, _startTicks + at, null));
            LastAt = Math.Max(LastAt, at);
            return this;
        }
    }
}
