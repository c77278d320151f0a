using System.Runtime.InteropServices;

namespace GoTrace;

/// <summary>
/// Where a thread's next event goes. It lives in native memory, owned by the thread's
/// <see cref="ThreadBuffer"/>, so that the native event writer (<see cref="TimestampCounter"/>) can read the
/// clock and store the event in one call. The writer addresses the fields by offset: keep the layout.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct WriteCursor
{
    /// <summary>Offset 0: where the next event goes.</summary>
    public byte* Position;

    /// <summary>Offset 8: end of the owned chunk (null when the thread has none).</summary>
    public byte* End;

    /// <summary>Offset 16: clock value event times are relative to in the owned chunk.</summary>
    public long BaseTicks;

    /// <summary>Offset 24: the clock value of the event the fast path could not write (chunk full, clock far from the base).</summary>
    public long MissedTicks;

    /// <summary>Offset 32: that event's function id and kind.</summary>
    public ulong MissedWord;

    /// <summary>
    /// Offset 40: the last count word this thread wrote (<see cref="Tracer.Count"/>). While it is the word just before
    /// <see cref="Position"/>, the count words from <see cref="CountRun"/> to it are the thread's latest events (a run:
    /// no event with a time among them), and a count may merge into one of them. Any other event, or a new chunk,
    /// ends the run. The native writer does not use it.
    /// </summary>
    public byte* CountAt;

    /// <summary>Offset 48: the first count word of the run that ends at <see cref="CountAt"/>.</summary>
    public byte* CountRun;

    /// <summary>Each cursor starts on a boundary of its own and nothing else shares those bytes (two cache lines: the adjacent-line prefetcher pairs them).</summary>
    public const int Alignment = 128;
}
