using System.Threading;

namespace GoTrace;

/// <summary>
/// One thread's window into the trace file: the chunk it owns and where the next event goes.
/// Only the owning thread writes here; the session reads the counters when the file is finished.
/// </summary>
internal sealed unsafe class ThreadBuffer
{
    private readonly TraceSession? _session;
    private byte* _position;
    private byte* _end;
    private long _baseTicks;
    private byte* _chunkEvents;
    private uint _sequence;
    private long _eventsInFullChunks;
    private long _dropped;
    private bool _gaveUp;

    public ThreadBuffer(TraceSession? session, uint index)
    {
        _session = session;
        Index = index;
    }

    public uint Index { get; }

    public long Dropped => Volatile.Read(ref _dropped);

    public long EventsWritten => _chunkEvents == null
        ? _eventsInFullChunks
        : _eventsInFullChunks + ((_position - _chunkEvents) / TraceLayout.EventSize);

    /// <summary>The hot path: one clock read and one 8-byte store into the owned chunk.</summary>
    public void Write(ulong idAndKind)
    {
        var now = TraceClock.Now();
        var delta = (ulong)(now - _baseTicks);
        var position = _position;
        if (position < _end && delta < TraceLayout.MaxDeltaTicks)
        {
            *(ulong*)position = (delta << TraceLayout.TicksShift) | idAndKind;
            _position = position + TraceLayout.EventSize;
            return;
        }

        WriteSlow(idAndKind, now);
    }

    private void WriteSlow(ulong idAndKind, long now)
    {
        if (_end != null && _position < _end && now < _baseTicks)
        {
            // The clock stepped back across cores: keep order, clamp the time.
            *(ulong*)_position = idAndKind;
            _position += TraceLayout.EventSize;
            return;
        }

        if (_gaveUp || _session == null || !TakeChunk(now))
        {
            _dropped++;
            return;
        }

        *(ulong*)_position = idAndKind;
        _position += TraceLayout.EventSize;
    }

    private bool TakeChunk(long now)
    {
        var chunk = _session!.File.TakeSlots(1, out _);
        if (chunk == null)
        {
            _gaveUp = true;
            _end = null;
            _session.ReportFull();
            return false;
        }

        if (_chunkEvents != null)
        {
            _eventsInFullChunks += (_position - _chunkEvents) / TraceLayout.EventSize;
        }

        *(uint*)(chunk + TraceLayout.ChunkThreadOffset) = Index;
        *(uint*)(chunk + TraceLayout.ChunkSequenceOffset) = _sequence++;
        *(uint*)(chunk + TraceLayout.ChunkSlotsOffset) = 1;
        *(long*)(chunk + TraceLayout.ChunkBaseTicksOffset) = now;
        Volatile.Write(ref *(uint*)(chunk + TraceLayout.ChunkKindOffset), TraceLayout.EventChunkKind);
        _baseTicks = now;
        _chunkEvents = chunk + TraceLayout.ChunkHeaderSize;
        _position = _chunkEvents;
        _end = chunk + _session.File.ChunkSize;
        return true;
    }
}
