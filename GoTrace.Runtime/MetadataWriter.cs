using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;

namespace GoTrace;

/// <summary>
/// Appends process, module and thread records to metadata chunks. Rare, so it takes a lock.
/// A record's length is stored last, so a reader sees it whole or not at all.
/// </summary>
internal sealed unsafe class MetadataWriter
{
    private readonly TraceFileMapping _file;
    private readonly object _gate = new();
    private byte* _position;
    private byte* _end;
    private uint _sequence;

    public MetadataWriter(TraceFileMapping file) => _file = file;

    public bool WriteProcess(string processName, string commandLine, string runtime, string clock) =>
        Write(TraceLayout.ProcessRecord, new RecordBuilder().String(processName).String(commandLine).String(runtime).String(clock));

    public bool WriteModule(int baseId, int count, string assemblyName, string table) =>
        Write(TraceLayout.ModuleRecord, new RecordBuilder().Int32(baseId).Int32(count).String(assemblyName).String(table));

    public bool WriteThread(uint threadIndex, int managedId, int osId, uint flags, string name) =>
        Write(TraceLayout.ThreadRecord, new RecordBuilder().Int32((int)threadIndex).Int32(managedId).Int32(osId).Int32((int)flags).String(name));

    public bool WriteDrops(uint threadIndex, long count, long firstDropTicks) =>
        Write(TraceLayout.DropsRecord, new RecordBuilder().Int32((int)threadIndex).Int32(0).Int64(count).Int64(firstDropTicks));

    public bool WriteActivity(long id, byte[] traceAndSpanId, byte flags) =>
        Write(TraceLayout.ActivityRecord, new RecordBuilder().Int64(id).Bytes(traceAndSpanId).Int32(flags | TraceLayout.ActivityFlowFlag));

    public bool WriteCalibration(int stage, Calibration calibration) =>
        Write(TraceLayout.CalibrationRecord, new RecordBuilder().Int32(stage).Int32(calibration.Calls)
            .Double(calibration.TimedCall).Double(calibration.TimedInside)
            .Double(calibration.CountedCall).Double(calibration.CountedInside).Double(calibration.WorkEvent)
            .Double(calibration.CountedMerged));

    private bool Write(ushort type, RecordBuilder payload)
    {
        var bytes = payload.ToArray();
        var recordSize = 8 + ((bytes.Length + 7) & ~7);
        lock (_gate)
        {
            // Keep room for a zero length after the record: it ends the chunk's records.
            if (_position == null || _end - _position < recordSize + 8)
            {
                if (!StartChunk(recordSize + 8))
                {
                    return false;
                }
            }

            var record = _position;
            *(ushort*)(record + 4) = type;
            fixed (byte* source = bytes)
            {
                Buffer.MemoryCopy(source, record + 8, bytes.Length, bytes.Length);
            }

            Volatile.Write(ref *(uint*)record, (uint)bytes.Length);
            _position += recordSize;
            return true;
        }
    }

    private bool StartChunk(int needed)
    {
        var slots = (int)((TraceLayout.ChunkHeaderSize + needed + _file.ChunkSize - 1) / _file.ChunkSize);
        var chunk = _file.TakeSlots(slots, out _, forMetadata: true);
        if (chunk == null)
        {
            _position = _end = null;
            return false;
        }

        *(uint*)(chunk + TraceLayout.ChunkSequenceOffset) = _sequence++;
        *(uint*)(chunk + TraceLayout.ChunkSlotsOffset) = (uint)slots;
        *(long*)(chunk + TraceLayout.ChunkBaseTicksOffset) = TraceClock.Now();
        Volatile.Write(ref *(uint*)(chunk + TraceLayout.ChunkKindOffset), TraceLayout.MetadataChunkKind);
        _position = chunk + TraceLayout.ChunkHeaderSize;
        _end = chunk + ((long)slots * _file.ChunkSize);
        return true;
    }

    /// <summary>Little-endian payload bytes: integers and length-prefixed UTF-8 strings.</summary>
    private sealed class RecordBuilder
    {
        private readonly List<byte> _bytes = new();

        public RecordBuilder Int32(int value)
        {
            _bytes.Add((byte)value);
            _bytes.Add((byte)(value >> 8));
            _bytes.Add((byte)(value >> 16));
            _bytes.Add((byte)(value >> 24));
            return this;
        }

        public RecordBuilder Int64(long value) => Int32((int)value).Int32((int)(value >> 32));

        public RecordBuilder Bytes(byte[] value)
        {
            _bytes.AddRange(value);
            return this;
        }

        public RecordBuilder Double(double value) => Int64(BitConverter.DoubleToInt64Bits(value));

        public RecordBuilder String(string value)
        {
            var utf8 = Encoding.UTF8.GetBytes(value);
            Int32(utf8.Length);
            _bytes.AddRange(utf8);
            return this;
        }

        public byte[] ToArray() => _bytes.ToArray();
    }
}
