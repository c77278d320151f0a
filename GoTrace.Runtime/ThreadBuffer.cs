using System.Collections.Generic;
using System.ComponentModel;
using System.Threading;

namespace GoTrace;

/// <summary>
/// One thread's window into the trace file: the chunk it owns and where the next event goes.
/// Only the owning thread writes here; the session reads the counters when it finishes the file.
/// Public only so that woven code can hold it from <see cref="Tracer.Enter"/> to <see cref="Tracer.Exit"/>
/// (saving Exit a thread-static lookup); everything in it is internal.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed unsafe class ThreadBuffer
{
    // The three fields the hot path touches come first.

    /// <summary>Where the next event goes.</summary>
    internal byte* Position;

    /// <summary>End of the owned chunk (null when the thread has none).</summary>
    internal byte* End;

    /// <summary>Clock value event times are relative to in the owned chunk.</summary>
    internal long BaseTicks;

    private readonly TraceSession? _session;
    private readonly Queue<long> _ownedSlots = new();
    private byte* _chunkEvents;
    private uint _sequence;
    private long _eventsInFullChunks;
    private long _dropped;
    private long _firstDropTicks;

    internal ThreadBuffer(TraceSession? session, uint index)
    {
        _session = session;
        Index = index;
    }

    internal uint Index { get; }

    internal long Dropped => Volatile.Read(ref _dropped);

    internal long FirstDropTicks => _firstDropTicks;

    internal long EventsWritten => _chunkEvents == null
        ? _eventsInFullChunks
        : _eventsInFullChunks + ((Position - _chunkEvents) / TraceLayout.EventSize);

    /// <summary>A buffer that takes no chunk: every event is dropped (tracing is off).</summary>
    internal static ThreadBuffer Disabled() => new(null, 0);

    /// <summary>Everything the hot path does not handle: the first chunk, a full chunk, a clock far from the base.</summary>
    internal void WriteSlow(ulong idAndKind, long now)
    {
        if (End != null && Position < End && now < BaseTicks)
        {
            // The counter read lower than the chunk's base (another core): keep order, clamp the time.
            *(ulong*)Position = idAndKind;
            Position += TraceLayout.EventSize;
            return;
        }

        if (_session == null || !TakeChunk(now))
        {
            if (_dropped++ == 0)
            {
                _firstDropTicks = now;
            }

            return;
        }

        *(ulong*)Position = idAndKind;
        Position += TraceLayout.EventSize;
    }

    private bool TakeChunk(long now)
    {
        var session = _session!;
        var chunk = session.File.TakeSlots(1, out var slot);
        if (chunk == null && session.Mode == TraceMode.Ring && _ownedSlots.Count > 0)
        {
            slot = _ownedSlots.Dequeue();
            chunk = Recycle(slot);
        }

        if (chunk == null)
        {
            End = null;
            session.ReportFull();
            return false;
        }

        if (_chunkEvents != null)
        {
            _eventsInFullChunks += (Position - _chunkEvents) / TraceLayout.EventSize;
        }

        _ownedSlots.Enqueue(slot);
        *(uint*)(chunk + TraceLayout.ChunkThreadOffset) = Index;
        *(uint*)(chunk + TraceLayout.ChunkSequenceOffset) = _sequence++;
        *(uint*)(chunk + TraceLayout.ChunkSlotsOffset) = 1;
        *(long*)(chunk + TraceLayout.ChunkBaseTicksOffset) = now;
        Volatile.Write(ref *(uint*)(chunk + TraceLayout.ChunkKindOffset), TraceLayout.EventChunkKind);
        BaseTicks = now;
        _chunkEvents = chunk + TraceLayout.ChunkHeaderSize;
        Position = _chunkEvents;
        End = chunk + session.File.ChunkSize;
        return true;
    }

    /// <summary>
    /// Ring mode, file full: the thread's oldest chunk becomes its newest. Its events count as dropped.
    /// The chunk is unpublished and cleared first, so a reader never sees old and new events mixed.
    /// </summary>
    private byte* Recycle(long slot)
    {
        var chunk = _session!.File.SlotAddress(slot);
        Volatile.Write(ref *(uint*)(chunk + TraceLayout.ChunkKindOffset), 0u);
        var events = (ulong*)(chunk + TraceLayout.ChunkHeaderSize);
        var count = (_session.File.ChunkSize - TraceLayout.ChunkHeaderSize) / TraceLayout.EventSize;
        long lost = 0;
        for (var i = 0; i < count && events[i] != 0; i++)
        {
            lost++;
        }

        for (var i = 0; i < lost; i++)
        {
            events[i] = 0;
        }

        _eventsInFullChunks -= lost;
        if (_dropped == 0)
        {
            _firstDropTicks = TraceClock.Now();
        }

        _dropped += lost;
        return chunk;
    }
}
