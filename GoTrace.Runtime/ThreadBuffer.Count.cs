using System.Runtime.CompilerServices;

namespace GoTrace;

/// <summary>Count events (docs/trace-format.md): calls of counted functions, without a clock value.</summary>
public sealed unsafe partial class ThreadBuffer
{
    /// <summary>
    /// Counts one call of function <paramref name="id"/>: adds it to the last or the last but one count word when that is
    /// the same function's (not full) and they are the latest events of the thread (a run of counts: their order
    /// carries nothing, they have no time), else stores a new count word. False when the chunk has no room (or there is
    /// none).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryCount(int id)
    {
        var cursor = _cursor;
        var position = cursor->Position;
        var key = ((ulong)(uint)id << TraceLayout.FunctionIdShift) | TraceLayout.CountKind;
        var last = (ulong*)cursor->CountAt;
        if (last + 1 == position)
        {
            // The run of counts is still open: the same function's word in its last two (two tiny members taking turns).
            if ((*last & TraceLayout.CountKeyMask) == key && *last < TraceLayout.CountRoomLimit)
            {
                *last += TraceLayout.CountOne;
                return true;
            }

            var before = last - 1;
            if (before >= (ulong*)cursor->CountRun && (*before & TraceLayout.CountKeyMask) == key && *before < TraceLayout.CountRoomLimit)
            {
                *before += TraceLayout.CountOne;
                return true;
            }
        }
        else
        {
            cursor->CountRun = position;
        }

        if (position < cursor->End)
        {
            *(ulong*)position = key | TraceLayout.CountOne;
            cursor->CountAt = position;
            cursor->Position = position + TraceLayout.EventSize;
            return true;
        }

        return false;
    }

    /// <summary>
    /// A count the fast path could not store: takes a chunk (the only clock read of a count: a chunk's base time) and
    /// stores a new count word there, or drops the call as an event.
    /// </summary>
    internal void CountSlow(int id)
    {
        if (TryCount(id))
        {
            return; // a thread's first event: its buffer was just made
        }

        var now = TraceClock.Now();
        if (_session == null || !TakeChunk(now))
        {
            if (_dropped++ == 0)
            {
                _firstDropTicks = now;
            }

            return;
        }

        var cursor = _cursor;
        *(ulong*)cursor->Position = ((ulong)(uint)id << TraceLayout.FunctionIdShift) | TraceLayout.CountKind | TraceLayout.CountOne;
        cursor->CountAt = cursor->Position;
        cursor->CountRun = cursor->Position;
        cursor->Position += TraceLayout.EventSize;
    }
}
