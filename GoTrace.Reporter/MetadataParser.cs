using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace GoTrace.Reporter;

/// <summary>Reads the records of one metadata chunk: process, module (function table), thread and drops.</summary>
internal sealed class MetadataParser
{
    private const int RecordHeaderSize = 8;
    private const ushort ProcessRecord = 1;
    private const ushort ModuleRecord = 2;
    private const ushort ThreadRecord = 3;
    private const ushort DropsRecord = 4;
    private const ushort CalibrationRecord = 5;
    private const ushort ActivityRecord = 6;
    private const long MaxFunctionId = 1 << 24;

    private readonly FunctionTable _functions;
    private readonly Dictionary<int, TraceThread> _threads;

    public MetadataParser(FunctionTable functions, Dictionary<int, TraceThread> threads)
    {
        _functions = functions;
        _threads = threads;
    }

    public string? ProcessName { get; private set; }

    public string? CommandLine { get; private set; }

    public string? RuntimeDescription { get; private set; }

    public string? ClockName { get; private set; }

    public TraceActivities Activities { get; } = new();

    /// <summary>The tracer's measured cost per call, from the latest calibration record; null when the trace has none.</summary>
    public TracerCost? TracerCost { get; private set; }

    private int _calibrationStage = -1;

    /// <summary>
    /// Parses the records of a chunk. <paramref name="chunk"/> holds the bytes present in the file
    /// (header included); <paramref name="cutByEndOfFile"/> says the file ends before the chunk does.
    /// Returns a note when the end of the file cuts a record off (the records before it are kept), else null.
    /// </summary>
    public string? Parse(ReadOnlySpan<byte> chunk, long chunkOffset, bool cutByEndOfFile)
    {
        var position = TraceFile.ChunkHeaderSize;
        while (position + RecordHeaderSize <= chunk.Length)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(chunk.Slice(position));
            if (length == 0)
            {
                return null;
            }

            var type = BinaryPrimitives.ReadUInt16LittleEndian(chunk.Slice(position + 4));
            var recordEnd = position + RecordHeaderSize + (long)length;
            if (recordEnd > chunk.Length)
            {
                if (cutByEndOfFile)
                {
                    return CutOff(chunkOffset + position);
                }

                throw TraceFormatException.CorruptChunk(
                    chunkOffset, $"metadata record at offset {chunkOffset + position} ({length} bytes) runs past the end of the chunk");
            }

            var payload = new RecordReader(chunk.Slice(position + RecordHeaderSize, (int)length), chunkOffset, chunkOffset + position, type);
            switch (type)
            {
                case ProcessRecord:
                    ReadProcess(ref payload);
                    break;
                case ModuleRecord:
                    ReadModule(ref payload);
                    break;
                case ThreadRecord:
                    ReadThread(ref payload);
                    break;
                case DropsRecord:
                    ReadDrops(ref payload);
                    break;
                case ActivityRecord:
                    Activities.Add(payload.ReadInt64(), payload.ReadInt64(), payload.ReadInt64(), payload.ReadInt64(), payload.ReadInt32());
                    break;
                case CalibrationRecord:
                    ReadCalibration(ref payload);
                    break;
                default:
                    // Unknown record types carry nothing this reader needs.
                    break;
            }

            position = (int)((recordEnd + 7) & ~7L);
        }

        if (position < chunk.Length && cutByEndOfFile && chunk.Slice(position).IndexOfAnyExcept((byte)0) >= 0)
        {
            return CutOff(chunkOffset + position);
        }

        return null;
    }

    private static string CutOff(long recordOffset) =>
        $"the file ends inside the metadata record at offset {recordOffset} (a truncated copy?); functions or threads it described show as placeholders";

    private void ReadProcess(ref RecordReader record)
    {
        ProcessName = record.ReadString();
        CommandLine = record.ReadString();
        RuntimeDescription = record.ReadString();
        ClockName = record.ReadString();
    }

    private void ReadModule(ref RecordReader record)
    {
        var baseId = record.ReadInt32();
        var count = record.ReadInt32();
        var assemblyName = record.ReadString();
        var table = record.ReadString();
        if (baseId < 0 || count < 0 || (long)baseId + count > MaxFunctionId)
        {
            throw record.Corrupt($"module {assemblyName} claims function ids {baseId}..{(long)baseId + count - 1}, outside 0..{MaxFunctionId - 1}");
        }

        var lines = table.Split('\n');
        for (var i = 0; i < count && i < lines.Length; i++)
        {
            _functions.Add(ParseFunction(baseId + i, lines[i], assemblyName));
        }
    }

    private static FunctionInfo ParseFunction(int id, string line, string assemblyName)
    {
        var fields = line.Split('\t');
        var @namespace = fields[0];
        var name = fields.Length > 1 ? fields[1] : string.Empty;
        var file = fields.Length > 2 ? fields[2] : string.Empty;
        var lineNumber = fields.Length > 3 && int.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        var parameters = fields.Length > 4 ? fields[4] : string.Empty;
        var flags = fields.Length > 5 && int.TryParse(fields[5], NumberStyles.Integer, CultureInfo.InvariantCulture, out var flagBits) ? (FunctionFlags)flagBits : FunctionFlags.None;
        if (name.Length == 0)
        {
            name = string.Create(CultureInfo.InvariantCulture, $"<unnamed function {id}>");
        }

        return new FunctionInfo(id, @namespace, name, file, lineNumber, assemblyName, parameters, flags);
    }

    private void ReadThread(ref RecordReader record)
    {
        var index = record.ReadUInt32();
        var managedId = record.ReadInt32();
        var osId = record.ReadInt32();
        var flags = record.ReadUInt32();
        var name = record.ReadString();
        if (index > int.MaxValue)
        {
            throw record.Corrupt($"thread index {index} is out of range");
        }

        var thread = Thread(index);
        thread.ManagedThreadId = managedId;
        thread.OsThreadId = osId;
        thread.IsThreadPool = (flags & 1) != 0;
        thread.IsBackground = (flags & 2) != 0;
        thread.Name = name;
        thread.IsDescribed = true;
    }

    private void ReadDrops(ref RecordReader record)
    {
        var index = record.ReadUInt32();
        record.ReadUInt32(); // reserved
        var count = record.ReadInt64();
        var firstDropTicks = record.ReadInt64();
        if (index > int.MaxValue || count < 0)
        {
            throw record.Corrupt(index > int.MaxValue ? $"thread index {index} is out of range" : $"a negative count of dropped events ({count})");
        }

        // A thread may have several records (one at a termination signal, one at exit): counts only grow.
        var thread = Thread(index);
        if (count >= thread.DroppedEvents)
        {
            thread.DroppedEvents = count;
            thread.FirstDropTicks = firstDropTicks;
        }
    }

    private void ReadCalibration(ref RecordReader record)
    {
        var stage = record.ReadInt32();
        record.ReadInt32(); // calls measured
        var timedCall = record.ReadDouble();
        var timedInside = record.ReadDouble();
        var countedCall = record.ReadDouble();
        var countedInside = record.ReadDouble();
        var workEvent = record.ReadDouble();
        var countedMerged = record.AtEnd ? -1 : record.ReadDouble(); // written since count events
        if (stage >= _calibrationStage)
        {
            // Measured again when the file was finished, with the hot code fully compiled: the later one wins.
            _calibrationStage = stage;
            TracerCost = TracerCost.Sane(timedCall, timedInside, countedCall, countedInside, workEvent, countedMerged);
        }
    }

    private TraceThread Thread(uint index)
    {
        if (!_threads.TryGetValue((int)index, out var thread))
        {
            thread = new TraceThread((int)index);
            _threads.Add((int)index, thread);
        }

        return thread;
    }

    /// <summary>Reads the fields of one record payload, failing with the record's location.</summary>
    private ref struct RecordReader
    {
        private readonly ReadOnlySpan<byte> _payload;
        private readonly long _chunkOffset;
        private readonly long _recordOffset;
        private readonly ushort _type;
        private int _position;

        public RecordReader(ReadOnlySpan<byte> payload, long chunkOffset, long recordOffset, ushort type)
        {
            _payload = payload;
            _chunkOffset = chunkOffset;
            _recordOffset = recordOffset;
            _type = type;
            _position = 0;
        }

        public readonly bool AtEnd => _position >= _payload.Length;

        public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

        public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public double ReadDouble() => BitConverter.Int64BitsToDouble(ReadInt64());

        public string ReadString()
        {
            var length = ReadUInt32();
            if (length > (uint)(_payload.Length - _position))
            {
                throw Corrupt($"a string of {length} bytes runs past the end of the record");
            }

            return Encoding.UTF8.GetString(Take((int)length));
        }

        public TraceFormatException Corrupt(string what) =>
            TraceFormatException.CorruptChunk(_chunkOffset, $"{RecordName()} record at offset {_recordOffset}: {what}");

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count > _payload.Length - _position)
            {
                throw Corrupt("shorter than its fields");
            }

            var taken = _payload.Slice(_position, count);
            _position += count;
            return taken;
        }

        private readonly string RecordName() => _type switch
        {
            ProcessRecord => "process",
            ModuleRecord => "module",
            ThreadRecord => "thread",
            DropsRecord => "drops",
            CalibrationRecord => "calibration",
            _ => $"type {_type}",
        };
    }
}
