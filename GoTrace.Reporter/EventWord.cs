using System.Runtime.CompilerServices;

namespace GoTrace.Reporter;

/// <summary>
/// Decodes the 8-byte event word: bits 0-1 kind, bits 2-25 function id, bits 26-63 ticks since the chunk's base;
/// a work event (kind 3) is followed by a second word holding the work id and what happened.
/// </summary>
internal static class EventWord
{
    public const int Size = 8;
    public const ulong EndOfData = 0;
    public const uint Enter = 1;
    public const uint Exit = 2;

    /// <summary>A work event: this word and the next one (docs/trace-format.md, "work event").</summary>
    public const uint Work = 3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Kind(ulong word) => (uint)word & 3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int FunctionId(ulong word) => (int)(word >> 2) & 0xFFFFFF;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long DeltaTicks(ulong word) => (long)(word >> 26);

    /// <summary>What a work event's second word says happened (<see cref="WorkWhat"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static WorkWhat What(ulong second) => (WorkWhat)(second >> 56);

    /// <summary>The work id in a work event's second word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long WorkId(ulong second) => (long)(second & ((1UL << 56) - 1));

    public static TraceFormatException InvalidKind(EventChunk chunk, int index, ulong word) =>
        TraceFormatException.CorruptChunk(
            chunk.Offset,
            $"event {index} has invalid kind {Kind(word)} (word 0x{word:X16} at offset {chunk.Offset + TraceFile.ChunkHeaderSize + ((long)index * Size)})");
}

/// <summary>What a work event says happened to a piece of work (docs/trace-format.md).</summary>
public enum WorkWhat : byte
{
    /// <summary>Not a work event.</summary>
    None = 0,

    /// <summary>The frame on top of the thread's stack started the work to run elsewhere.</summary>
    Spawn = 1,

    /// <summary>The thread starts running a segment of the work.</summary>
    Begin = 2,

    /// <summary>The thread stops running the work.</summary>
    End = 3,

    /// <summary>An async method's logical call starts (the event's function is the method).</summary>
    AsyncCall = 4,

    /// <summary>The async call's task completed.</summary>
    AsyncComplete = 5,

    /// <summary>
    /// The async call or spawn that follows on this thread runs inside the activity the id names
    /// (<see cref="TraceFile.Activities"/>), or inside none (<see cref="TraceActivities.None"/>).
    /// </summary>
    Activity = 6,
}
