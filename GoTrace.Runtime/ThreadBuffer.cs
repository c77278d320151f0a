using System;
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
    private long _workEvents;
    private uint _nextWork;

    private readonly WeakReference<Thread>? _thread;

    internal ThreadBuffer(TraceSession? session, uint index, Thread? thread = null, int osThreadId = 0)
    {
        _session = session;
        Index = index;
        OsThreadId = osThreadId;
        _thread = thread == null ? null : new WeakReference<Thread>(thread);
    }

    internal int OsThreadId { get; }

    /// <summary>The name last written to the thread's record.</summary>
    internal string RecordedName { get; set; } = string.Empty;

    /// <summary>The owning thread, while it is alive.</summary>
    internal Thread? Thread => _thread != null && _thread.TryGetTarget(out var thread) ? thread : null;

    internal uint Index { get; }

    internal long Dropped => Volatile.Read(ref _dropped);

    internal long FirstDropTicks => _firstDropTicks;

    /// <summary>Events recorded: 8-byte words, less one for each two-word work event.</summary>
    internal long EventsWritten => (_chunkEvents == null
        ? _eventsInFullChunks
        : _eventsInFullChunks + ((Position - _chunkEvents) / TraceLayout.EventSize)) - _workEvents;

    /// <summary>A work id unique in the trace: this thread's index and a per-thread counter, never 0.</summary>
    internal long NewWorkId() => ((long)(Index + 1) << 32) | ++_nextWork;

    /// <summary>
    /// Writes a two-word work event (docs/trace-format.md): spawn, begin, end, async call, async complete.
    /// Both words go into the same chunk; work events are rare next to enters and exits.
    /// </summary>
    internal void WriteWork(WorkEvent what, long workId, int functionId = 0)
    {
        var now = TraceClock.Now();
        var first = ((ulong)(uint)functionId << TraceLayout.FunctionIdShift) | TraceLayout.WorkKind;
        var second = ((ulong)what << TraceLayout.WorkWhatShift) | ((ulong)workId & TraceLayout.WorkIdMask);
        if (End == null || End - Position < 2 * TraceLayout.EventSize || now < BaseTicks || (ulong)(now - BaseTicks) >= TraceLayout.MaxDeltaTicks)
        {
            if (_session == null || !TakeChunk(now))
            {
                if (_dropped++ == 0)
                {
                    _firstDropTicks = now;
                }

                return;
            }
        }

        *(ulong*)Position = ((ulong)(now - BaseTicks) << TraceLayout.TicksShift) | first;
        *(ulong*)(Position + TraceLayout.EventSize) = second;
        Position += 2 * TraceLayout.EventSize;
        _workEvents++;
    }

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
        var thread = System.Threading.Thread.CurrentThread;
        if ((thread.Name ?? string.Empty) != RecordedName)
        {
            session.DescribeThread(this, thread);
        }

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
            // The rest of a chunk left for lack of room stays zero: the reader's end of data.
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
