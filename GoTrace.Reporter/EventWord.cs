using System.Runtime.CompilerServices;

namespace GoTrace.Reporter;

/// <summary>
/// Decodes the 8-byte event word: bits 0-1 kind, bits 2-25 function id, bits 26-63 ticks since the chunk's base;
/// a work event (kind 3) is followed by a second word holding the work id and what happened; a count event (kind 0,
/// in a word that is not 0; format version 2) holds a number of calls in bits 26-63 instead of ticks.
/// </summary>
internal static class EventWord
{
    public const int Size = 8;
    public const ulong EndOfData = 0;

    /// <summary>A count event: calls of a counted function, no clock value (docs/trace-format.md, "count event").</summary>
    public const uint Count = 0;
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

    /// <summary>A count event's number of calls.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Calls(ulong word) => (long)(word >> 26);

    /// <summary>
    /// A count event that is one (a word of kind 0 but not the end of data): its number of calls; an error when it
    /// counts none or the file's format has no count events.
    /// </summary>
    public static long CountedCalls(TraceFile file, EventChunk chunk, int index, ulong word)
    {
        var calls = Calls(word);
        if (calls == 0 || file.Version < 2)
        {
            throw InvalidKind(chunk, index, word);
        }

        return calls;
    }

    /// <summary>What a work event's second word says happened (<see cref="WorkWhat"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static WorkWhat What(ulong second) => (WorkWhat)(second >> 56);

    /// <summary>The work id in a work event's second word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long WorkId(ulong second) => (long)(second & ((1UL << 56) - 1));

    public static TraceFormatException InvalidKind(EventChunk chunk, int index, ulong word) =>
        TraceFormatException.CorruptChunk(
            chunk.Offset,
            $"event {index} has invalid kind {Kind(word)}{(Kind(word) == Count && Calls(word) == 0 ? " (a count of no calls)" : string.Empty)} (word 0x{word:X16} at offset {chunk.Offset + TraceFile.ChunkHeaderSize + ((long)index * Size)})");
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
