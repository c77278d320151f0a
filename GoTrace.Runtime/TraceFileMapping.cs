using System;
using System.IO;
using System.IO.MemoryMappedFiles;
using System.Threading;

namespace GoTrace;

/// <summary>
/// The trace file mapped into memory: a header page followed by fixed-size chunk slots.
/// Taking slots is the only shared, atomic operation; everything else writes owned memory.
/// </summary>
internal sealed unsafe class TraceFileMapping
{
    private readonly FileStream _stream;
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly long _slotCount;
    private long _nextSlot;

    private TraceFileMapping(FileStream stream, MemoryMappedFile map, MemoryMappedViewAccessor view, int chunkSize, long slotCount)
    {
        _stream = stream;
        _map = map;
        _view = view;
        ChunkSize = chunkSize;
        _slotCount = slotCount;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        Base = pointer + view.PointerOffset;
    }

    public byte* Base { get; }

    public int ChunkSize { get; }

    public string Path => _stream.Name;

    public static TraceFileMapping Create(string path, long maxSize, int chunkSize)
    {
        var slots = Math.Max(4, (maxSize - TraceLayout.HeaderSize) / chunkSize);
        var length = TraceLayout.HeaderSize + (slots * chunkSize);
        var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        try
        {
            stream.SetLength(length);
            var map = MemoryMappedFile.CreateFromFile(stream, null, length, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
            var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.ReadWrite);
            return new TraceFileMapping(stream, map, view, chunkSize, slots);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Takes <paramref name="count"/> consecutive slots; null when the file is full or closed.</summary>
    public byte* TakeSlots(int count, out long firstSlot)
    {
        var end = Interlocked.Add(ref _nextSlot, count);
        firstSlot = end - count;
        if (end > _slotCount)
        {
            return null;
        }

        RaiseSlotsInUse(end);
        return SlotAddress(firstSlot);
    }

    /// <summary>Refuses every later slot request and returns how many slots are in use.</summary>
    public long Close()
    {
        var taken = Interlocked.Exchange(ref _nextSlot, long.MaxValue / 2);
        return Math.Min(taken, _slotCount);
    }

    public byte* SlotAddress(long slot) => Base + TraceLayout.HeaderSize + (slot * ChunkSize);

    /// <summary>Slots taken so far (only grows until <see cref="Close"/>).</summary>
    public long SlotsInUse => Math.Min(Volatile.Read(ref _nextSlot), _slotCount);

    /// <summary>Writes the mapped pages to the file.</summary>
    public void Flush() => _view.Flush();

    /// <summary>Flushes the mapped pages and cuts the file to the slots in use.</summary>
    public void Finish(long slotsInUse)
    {
        _view.Flush();
        try
        {
            // Safe while other threads still write: each writes only inside slots it owns, all below the cut.
            _stream.SetLength(TraceLayout.HeaderSize + (slotsInUse * ChunkSize));
        }
        catch (IOException)
        {
            // Windows refuses to shorten a mapped file; the reader ignores unused slots.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void RaiseSlotsInUse(long inUse)
    {
        var field = (long*)(Base + TraceLayout.SlotsInUseOffset);
        long seen;
        while ((seen = Volatile.Read(ref *field)) < inUse)
        {
            Interlocked.CompareExchange(ref *field, inUse, seen);
        }
    }
}
