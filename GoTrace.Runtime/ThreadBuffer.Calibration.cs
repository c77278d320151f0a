namespace GoTrace;

public sealed unsafe partial class ThreadBuffer
{
    // A scratch buffer's end, and where its current batch of events starts.
    private byte* _scratchEnd;
    private byte* _batchStart;

    /// <summary>
    /// A buffer whose events go into <paramref name="memory"/> (<paramref name="bytes"/> long), for timing the
    /// tracer's own calls (<see cref="OverheadCalibration"/>): the same code writes them as into a chunk.
    /// </summary>
    internal static ThreadBuffer Scratch(byte* memory, long bytes)
    {
        var buffer = new ThreadBuffer(null, 0);
        buffer._chunkEvents = memory;
        buffer._scratchEnd = memory + bytes;
        buffer._cursor->Position = memory;
        buffer._cursor->End = memory + bytes;
        return buffer;
    }

    /// <summary>
    /// Starts a batch of at most <paramref name="bytes"/> of events, relative to the clock's current value, where the
    /// last one ended (memory not written yet, as in a chunk) or, when the scratch memory is used up, at its start;
    /// at an odd or even word from the start as <paramref name="oddWord"/> says.
    /// </summary>
    internal void StartBatch(int bytes, bool oddWord)
    {
        if (_scratchEnd - _cursor->Position < bytes + TraceLayout.EventSize)
        {
            _cursor->Position = _chunkEvents;
        }

        // Where a batch's enters fall, on even or odd words, decides whether the store that first touches a cache
        // line comes inside a call (an enter's) or outside (an exit's).
        var odd = ((_cursor->Position - _chunkEvents) / TraceLayout.EventSize) % 2 == 1;
        if (odd != oddWord)
        {
            _cursor->Position += TraceLayout.EventSize;
        }

        _batchStart = _cursor->Position;
        _cursor->CountAt = null; // a count merges into no word of an earlier batch
        _cursor->CountRun = null;
        _cursor->BaseTicks = TraceClock.Now();
    }

    /// <summary>The events of the current batch.</summary>
    internal ulong* BatchEvents(out int count)
    {
        count = (int)((_cursor->Position - _batchStart) / TraceLayout.EventSize);
        return (ulong*)_batchStart;
    }
}
