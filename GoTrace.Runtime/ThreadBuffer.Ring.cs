using System;
using System.Collections.Generic;
using System.Threading;

namespace GoTrace;

/// <summary>
/// Ring mode (GOTRACE_MODE=ring): once the file is full, chunks are reused instead of events dropped.
/// A thread takes the oldest chunk of the thread holding the most (when that one holds at least two more than
/// it does), else its own oldest. Every thread keeps at least the chunk it writes, and a thread that starts after
/// the file filled up still records its latest events. All of this runs at chunk turns only, under one lock.
/// </summary>
public sealed unsafe partial class ThreadBuffer
{
    /// <summary>A thread with no chunk in a full ring tries again only after this many dropped events.</summary>
    private const long RingRetryInterval = 4096;

    /// <summary>The slots this thread owns, oldest first (the last is the chunk it writes now). Guarded by the ring gate.</summary>
    private readonly Queue<long> _ownedSlots = new();

    /// <summary>What each owned chunk but the current one holds (8-byte words, two-word work events among them), oldest first. Guarded by the ring gate.</summary>
    private readonly Queue<(long Words, long WorkEvents)> _closedChunks = new();

    /// <summary>Events of this thread's chunks that were reused (by it or by another thread): dropped.</summary>
    private long _overwritten;

    /// <summary>Work events among them (each two words). Guarded by the ring gate.</summary>
    private long _overwrittenWork;

    /// <summary>Work events this thread had written when its current chunk began.</summary>
    private long _chunkFirstWork;

    /// <summary>Chunks this thread owns; read under the ring gate.</summary>
    internal int OwnedChunks => _ownedSlots.Count;

    /// <summary>
    /// Keeps the slot the file gave (<paramref name="taken"/>, null when full) or reuses one, and records the
    /// thread's ownership of it. Null when the file is full and there is nothing to reuse.
    /// </summary>
    private byte* TakeRingChunk(byte* taken, long slot, long currentWords)
    {
        lock (_session!.RingGate)
        {
            var chunk = taken;
            var recycledCurrent = false;
            if (chunk == null)
            {
                chunk = ReuseChunk(currentWords, out slot, out recycledCurrent);
                if (chunk == null)
                {
                    return null;
                }
            }

            if (_chunkEvents != null)
            {
                // The rest of a chunk left for lack of room stays zero: the reader's end of data.
                _eventsInFullChunks += currentWords;
                if (!recycledCurrent)
                {
                    _closedChunks.Enqueue((currentWords, _workEvents - _chunkFirstWork));
                }
            }

            _chunkFirstWork = _workEvents;
            _ownedSlots.Enqueue(slot);
            return chunk;
        }
    }

    /// <summary>A full ring: the richest thread's oldest chunk if it holds two more than this one, else this thread's own oldest.</summary>
    private byte* ReuseChunk(long currentWords, out long slot, out bool recycledCurrent)
    {
        recycledCurrent = false;
        var richest = _session!.RichestRingOwner();
        if (richest != null && richest != this && richest.OwnedChunks > OwnedChunks + 1)
        {
            // Two or more chunks: its oldest is a closed one, never the chunk it writes.
            slot = richest._ownedSlots.Dequeue();
            return richest.Overwrite(slot, richest._closedChunks.Dequeue());
        }

        if (_ownedSlots.Count == 0)
        {
            slot = -1;
            return null;
        }

        slot = _ownedSlots.Dequeue();
        recycledCurrent = _ownedSlots.Count == 0; // the thread's only chunk is the one it writes
        return Overwrite(slot, recycledCurrent ? (currentWords, _workEvents - _chunkFirstWork) : _closedChunks.Dequeue());
    }

    /// <summary>
    /// One of this thread's chunks is taken for reuse: its events count as dropped. It is unpublished and cleared
    /// first, so a reader never sees old and new events mixed.
    /// </summary>
    private byte* Overwrite(long slot, (long Words, long WorkEvents) held)
    {
        var words = held.Words;
        var chunk = _session!.File.SlotAddress(slot);
        Volatile.Write(ref *(uint*)(chunk + TraceLayout.ChunkKindOffset), 0u);
        var events = chunk + TraceLayout.ChunkHeaderSize;
#if NET5_0_OR_GREATER
        new Span<byte>(events, (int)(words * TraceLayout.EventSize)).Clear();
#else
        for (var i = 0; i < words; i++)
        {
            ((ulong*)events)[i] = 0;
        }
#endif

        _eventsInFullChunks -= words;
        if (Dropped == 0)
        {
            _firstDropTicks = TraceClock.Now();
        }

        _overwrittenWork += held.WorkEvents;
        Volatile.Write(ref _overwritten, _overwritten + words - held.WorkEvents);
        return chunk;
    }

    /// <summary>A thread without a chunk in a full ring does not look for one at every event.</summary>
    private bool MayRetryRing() => _ownedSlots.Count > 0 || _dropped % RingRetryInterval == 0;
}
