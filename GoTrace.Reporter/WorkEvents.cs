namespace GoTrace.Reporter;

/// <summary>Reads the second word of a work event, shared by every reader of event chunks.</summary>
internal static class WorkEvents
{
    /// <summary>
    /// The work event at <paramref name="index"/>: false when the chunk's data ends before its second word
    /// (a writer killed between the two stores), an error when the second word says nothing known.
    /// </summary>
    public static bool TryRead(ulong[] words, int count, int index, EventChunk chunk, out WorkWhat what, out long id)
    {
        if (index + 1 >= count || words[index + 1] == EventWord.EndOfData)
        {
            what = WorkWhat.None;
            id = 0;
            return false;
        }

        var second = words[index + 1];
        what = EventWord.What(second);
        id = EventWord.WorkId(second);
        if (what is < WorkWhat.Spawn or > WorkWhat.Activity || id == 0)
        {
            throw TraceFormatException.CorruptChunk(
                chunk.Offset,
                $"event {index} is a work event whose second word 0x{second:X16} names no known work (at offset {chunk.Offset + TraceFile.ChunkHeaderSize + ((long)(index + 1) * EventWord.Size)})");
        }

        return true;
    }
}
