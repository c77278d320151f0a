using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace GoTrace;

/// <summary>
/// One thread's window into the trace file: the chunk it owns and where the next event goes.
/// Only the owning thread writes here; the session reads the counters when it finishes the file.
/// Public only so that woven code can hold it from <see cref="Tracer.Enter"/> to <see cref="Tracer.Exit"/>
/// (saving Exit a thread-static lookup); everything in it is internal.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed unsafe partial class ThreadBuffer
{
    /// <summary>Where the next event goes, in native memory (see <see cref="WriteCursor"/>); the only field the hot path reads.</summary>
    private readonly WriteCursor* _cursor;

    /// <summary>The allocation holding <see cref="_cursor"/>.</summary>
    private readonly IntPtr _cursorMemory;

    private readonly TraceSession? _session;

    private byte* _chunkEvents;
    private uint _sequence;

    /// <summary>Slots the next event chunk asks for: one at first, doubling up to <see cref="TraceLayout.MaxEventChunkBytes"/>.</summary>
    private int _nextChunkSlots = 1;
    private long _eventsInFullChunks;
    private long _dropped;
    private long _firstDropTicks;

    /// <summary>Stop mode: the file has no room left and never will, so a miss only counts the event.</summary>
    private bool _stopped;
    private long _workEvents;
    private uint _nextWork;

    private readonly WeakReference<Thread>? _thread;

    internal ThreadBuffer(TraceSession? session, uint index, Thread? thread = null, int osThreadId = 0)
    {
        // The cursor has cache lines of its own: two threads writing their cursors next to each other would make
        // every event a cache miss. Never freed while the session may use it: a recording session keeps every
        // buffer to the end of the process.
        _cursorMemory = Marshal.AllocHGlobal(2 * WriteCursor.Alignment);
        _cursor = (WriteCursor*)(((long)_cursorMemory + WriteCursor.Alignment - 1) & ~(long)(WriteCursor.Alignment - 1));
        *_cursor = default;
        if (session != null)
        {
            GC.SuppressFinalize(this);
        }

        _session = session;
        Index = index;
        OsThreadId = osThreadId;
        _thread = thread == null ? null : new WeakReference<Thread>(thread);
    }

    /// <summary>A disabled buffer dies with its thread: its cursor goes with it.</summary>
    ~ThreadBuffer()
    {
        Marshal.FreeHGlobal(_cursorMemory);
    }

    internal int OsThreadId { get; }

    /// <summary>The name last written to the thread's record.</summary>
    internal string RecordedName { get; set; } = string.Empty;

    /// <summary>The owning thread, while it is alive.</summary>
    internal Thread? Thread => _thread != null && _thread.TryGetTarget(out var thread) ? thread : null;

    internal uint Index { get; }

    internal long Dropped => Volatile.Read(ref _dropped) + Volatile.Read(ref _overwritten);

    internal long FirstDropTicks => _firstDropTicks;

    /// <summary>Events recorded: 8-byte words, less one for each two-word work event.</summary>
    internal long EventsWritten => (_chunkEvents == null
        ? _eventsInFullChunks
        : _eventsInFullChunks + ((_cursor->Position - _chunkEvents) / TraceLayout.EventSize)) - (_workEvents - _overwrittenWork);

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
        var cursor = _cursor;
        if (cursor->End == null || cursor->End - cursor->Position < 2 * TraceLayout.EventSize || now < cursor->BaseTicks ||
            (ulong)(now - cursor->BaseTicks) >= TraceLayout.MaxDeltaTicks)
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

        *(ulong*)cursor->Position = ((ulong)(now - cursor->BaseTicks) << TraceLayout.TicksShift) | first;
        *(ulong*)(cursor->Position + TraceLayout.EventSize) = second;
        cursor->Position += 2 * TraceLayout.EventSize;
        _workEvents++;
    }

    /// <summary>A buffer that takes no chunk: every event is dropped (tracing is off).</summary>
    internal static ThreadBuffer Disabled() => new(null, 0);

    /// <summary>
    /// Records one enter or exit: the clock read and the store, in one call of the native writer when there is
    /// one (see <see cref="TimestampCounter"/>); only a miss (chunk full, clock far from the chunk's base) comes
    /// back to C#.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Write(ulong idAndKind)
    {
#if NET5_0_OR_GREATER
        var writer = TraceClock.Writer;
        if (writer != null)
        {
            if (writer(_cursor, idAndKind) != 0)
            {
                WriteMissed();
            }

            return;
        }
#endif

        if (!TryWrite(_cursor, idAndKind))
        {
            WriteMissed();
        }
    }

    /// <summary>What the native writer does, in C#: for the Stopwatch clock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryWrite(WriteCursor* cursor, ulong idAndKind)
    {
        var now = TraceClock.Now();
        var position = cursor->Position;
        var delta = (ulong)(now - cursor->BaseTicks);
        if (position < cursor->End && delta < TraceLayout.MaxDeltaTicks)
        {
            *(ulong*)position = (delta << TraceLayout.TicksShift) | idAndKind;
            cursor->Position = position + TraceLayout.EventSize;
            return true;
        }

        cursor->MissedTicks = now;
        cursor->MissedWord = idAndKind;
        return false;
    }

    /// <summary>The event the fast path left in the cursor.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WriteMissed() => WriteSlow(_cursor->MissedWord, _cursor->MissedTicks);

    /// <summary>Everything the hot path does not handle: the first chunk, a full chunk, a clock far from the base.</summary>
    internal void WriteSlow(ulong idAndKind, long now)
    {
        var cursor = _cursor;
        if (cursor->End != null && cursor->Position < cursor->End && now < cursor->BaseTicks)
        {
            // The counter read lower than the chunk's base (another core): keep order, clamp the time.
            *(ulong*)cursor->Position = idAndKind;
            cursor->Position += TraceLayout.EventSize;
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

        *(ulong*)cursor->Position = idAndKind;
        cursor->Position += TraceLayout.EventSize;
    }

    private bool TakeChunk(long now)
    {
        var session = _session!;
        var ring = session.Mode == TraceMode.Ring;
        if (_stopped || (ring && !MayRetryRing()))
        {
            return false;
        }

        var thread = System.Threading.Thread.CurrentThread;
        if ((thread.Name ?? string.Empty) != RecordedName)
        {
            session.DescribeThread(this, thread);
        }

        var cursor = _cursor;
        var currentWords = _chunkEvents == null ? 0 : (cursor->Position - _chunkEvents) / TraceLayout.EventSize;
        // Threads start on one slot and take larger chunks as they go on writing: a program of hundreds of
        // short-lived threads does not spend a large chunk on each. Near the end of the file, smaller requests.
        var slots = ring ? 1 : _nextChunkSlots;
        var chunk = session.File.TakeSlots(slots, out var slot);
        while (chunk == null && slots > 1)
        {
            slots /= 2;
            chunk = session.File.TakeSlots(slots, out slot);
        }

        if (!ring && chunk != null)
        {
            _nextChunkSlots = Math.Min(slots * 2, Math.Max(1, TraceLayout.MaxEventChunkBytes / session.File.ChunkSize));
        }

        if (ring)
        {
            chunk = TakeRingChunk(chunk, slot, currentWords);
        }
        else if (chunk != null && _chunkEvents != null)
        {
            // The rest of a chunk left for lack of room stays zero: the reader's end of data.
            _eventsInFullChunks += currentWords;
        }

        if (chunk == null)
        {
            cursor->End = null;
            _stopped = !ring; // slots are never given back: no later event will find room
            session.ReportFull();
            return false;
        }

        *(uint*)(chunk + TraceLayout.ChunkThreadOffset) = Index;
        *(uint*)(chunk + TraceLayout.ChunkSequenceOffset) = _sequence++;
        *(uint*)(chunk + TraceLayout.ChunkSlotsOffset) = (uint)slots;
        *(long*)(chunk + TraceLayout.ChunkBaseTicksOffset) = now;
        Volatile.Write(ref *(uint*)(chunk + TraceLayout.ChunkKindOffset), TraceLayout.EventChunkKind);
        cursor->BaseTicks = now;
        _chunkEvents = chunk + TraceLayout.ChunkHeaderSize;
        cursor->Position = _chunkEvents;
        cursor->End = chunk + ((long)slots * session.File.ChunkSize);
        cursor->CountAt = null;
        cursor->CountRun = null;
        return true;
    }
}
