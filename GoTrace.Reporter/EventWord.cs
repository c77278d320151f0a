using System.Runtime.CompilerServices;

namespace GoTrace.Reporter;

/// <summary>
/// Decodes the 8-byte event word: bits 0-1 kind, bits 2-25 function id, bits 26-63 ticks since the chunk's base.
/// </summary>
internal static class EventWord
{
    public const int Size = 8;
    public const ulong EndOfData = 0;
    public const uint Enter = 1;
    public const uint Exit = 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Kind(ulong word) => (uint)word & 3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int FunctionId(ulong word) => (int)(word >> 2) & 0xFFFFFF;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long DeltaTicks(ulong word) => (long)(word >> 26);

    public static TraceFormatException InvalidKind(EventChunk chunk, int index, ulong word) =>
        TraceFormatException.CorruptChunk(
            chunk.Offset,
            $"event {index} has invalid kind {Kind(word)} (word 0x{word:X16} at offset {chunk.Offset + TraceFile.ChunkHeaderSize + ((long)index * Size)})");
}
