using System;
using System.IO;
using System.IO.MemoryMappedFiles;
using System.Threading;

namespace GoTrace;

/// <summary>
/// The trace file mapped into memory: a header page followed by fixed-size chunk slots.
/// Taking slots is the only shared, atomic operation; everything else writes owned memory.
/// The whole size limit is mapped, but the file itself only grows a few slots ahead of the slots taken (so a
/// killed process leaves a file at most that step past what it wrote, not a sparse file of the full limit).
/// Disk blocks are reserved as it grows (a full disk then costs events, not a SIGBUS),
/// and a background thread faults pages in ahead of the threads that will write them.
/// </summary>
internal sealed unsafe class TraceFileMapping
{
    /// <summary>How far ahead of the next free slot the file grows and pages are reserved and faulted in.</summary>
    private const int BytesAhead = 4 << 20;

    private readonly FileStream _stream;
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly long _slotCount;
    private readonly int _slotsAhead;
    private readonly object _reserveGate = new();
    private readonly object _prefaultGate = new();
    private readonly AutoResetEvent _prefaultWanted = new(true);
    private long _nextSlot;
    private long _reservedSlots;
    private long _fileSlots;
    private long _prefaultedSlots;
    private volatile bool _closed;

    private TraceFileMapping(FileStream stream, MemoryMappedFile map, MemoryMappedViewAccessor view, int chunkSize, long slotCount)
    {
        _stream = stream;
        _map = map;
        _view = view;
        ChunkSize = chunkSize;
        _slotCount = slotCount;
        _slotsAhead = Math.Max(8, BytesAhead / chunkSize);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        Base = pointer + view.PointerOffset;
        _fileSlots = slotCount;
    }

    public byte* Base { get; }

    public int ChunkSize { get; }

    public string Path => _stream.Name;

    /// <summary>True once a disk-space reservation failed: the disk is full.</summary>
    public bool DiskFull { get; private set; }

    /// <summary>
    /// Slots at the end of the file that only metadata may take (one in 1024, at least one when the file has 8):
    /// once events fill the rest, late thread names, late modules and the drops records still have room.
    /// </summary>
    public long MetadataOnlySlots => _slotCount >= 8 ? Math.Max(1, _slotCount / 1024) : 0;

    /// <summary>Slots taken so far (only grows until <see cref="Close"/>).</summary>
    public long SlotsInUse => Math.Min(Volatile.Read(ref _nextSlot), _slotCount);

    /// <summary>
    /// Maps a new file of at most <paramref name="maxSize"/> bytes (at least a header and two 4 KiB chunks).
    /// Small limits get smaller chunks, so that even they hold a few.
    /// </summary>
    public static TraceFileMapping Create(string path, long maxSize, int chunkSize)
    {
        while (chunkSize > TraceLayout.MinChunkSize && TraceLayout.HeaderSize + (8L * chunkSize) > maxSize)
        {
            chunkSize /= 2;
        }

        var slots = Math.Max(2, (maxSize - TraceLayout.HeaderSize) / chunkSize);
        var length = TraceLayout.HeaderSize + (slots * chunkSize);
        var stream = SecureFile.CreateNew(path);
        try
        {
            stream.SetLength(length);
            if (!DiskSpace.Reserve(stream, 0, TraceLayout.HeaderSize))
            {
                throw new IOException("no space left on the device");
            }

            var map = MemoryMappedFile.CreateFromFile(stream, null, length, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
            var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.ReadWrite);
            var mapping = new TraceFileMapping(stream, map, view, chunkSize, slots);
            mapping.CutToHeader();
            mapping.StartPrefaulting();
            return mapping;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Takes <paramref name="count"/> consecutive slots; null when the file (or the disk) is full or closed.
    /// Event chunks leave the last <see cref="MetadataOnlySlots"/> to metadata.
    /// </summary>
    public byte* TakeSlots(int count, out long firstSlot, bool forMetadata = false)
    {
        var limit = forMetadata ? _slotCount : _slotCount - MetadataOnlySlots;
        long end;
        while (true)
        {
            // A compare-exchange rather than an add: a refused request leaves the count alone, so the slots
            // kept for metadata stay reachable however many threads have found the file full.
            firstSlot = Volatile.Read(ref _nextSlot);
            end = firstSlot + count;
            if (end > limit || (end > Volatile.Read(ref _reservedSlots) && !Reserve(end, required: true)))
            {
                return null;
            }

            if (Interlocked.CompareExchange(ref _nextSlot, end, firstSlot) == firstSlot)
            {
                break;
            }
        }

        RaiseSlotsInUse(end);
        if (end + (_slotsAhead / 2) > Volatile.Read(ref _prefaultedSlots))
        {
            _prefaultWanted.Set();
        }

        return SlotAddress(firstSlot);
    }

    /// <summary>Refuses every later slot request and returns how many slots are in use.</summary>
    public long Close()
    {
        _closed = true;
        var taken = Interlocked.Exchange(ref _nextSlot, long.MaxValue / 2);
        _prefaultWanted.Set();
        lock (_prefaultGate)
        {
            // Waits out a prefault pass still touching pages past the cut.
        }

        return Math.Min(taken, _slotCount);
    }

    public byte* SlotAddress(long slot) => Base + TraceLayout.HeaderSize + (slot * ChunkSize);

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

        GC.KeepAlive(_map);
    }

    /// <summary>
    /// Cuts the new file back to its header once the full limit is mapped: it grows again with the slots taken
    /// (<see cref="Reserve"/>). Where a mapped file cannot be shortened (Windows) it keeps its full length.
    /// </summary>
    private void CutToHeader()
    {
        try
        {
            _stream.SetLength(TraceLayout.HeaderSize);
            _fileSlots = 0;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Lengthens the file to hold the slots below <paramref name="end"/>: a page of the mapping past the end of
    /// the file must never be touched (SIGBUS). False when the file cannot grow.
    /// </summary>
    private bool Grow(long end)
    {
        if (end <= _fileSlots)
        {
            return true;
        }

        try
        {
            _stream.SetLength(TraceLayout.HeaderSize + (end * ChunkSize));
            _fileSlots = end;
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Grows the file and reserves disk blocks for every slot below <paramref name="end"/> and some ahead. Only a
    /// <paramref name="required"/> reservation that fails means the disk is full.
    /// </summary>
    private bool Reserve(long end, bool required)
    {
        lock (_reserveGate)
        {
            var reserved = _reservedSlots;
            if (end <= reserved)
            {
                return true;
            }

            if (DiskFull)
            {
                return false;
            }

            // Some room ahead if the disk has it, else just what is asked for.
            var target = Math.Min(_slotCount, end + _slotsAhead);
            var offset = TraceLayout.HeaderSize + (reserved * ChunkSize);
            if (!Grow(target) || !DiskSpace.Reserve(_stream, offset, (target - reserved) * ChunkSize))
            {
                target = Math.Min(_slotCount, end);
                if (!Grow(target) || !DiskSpace.Reserve(_stream, offset, (target - reserved) * ChunkSize))
                {
                    DiskFull |= required;
                    return false;
                }
            }

            Volatile.Write(ref _reservedSlots, target);
            return true;
        }
    }

    private void StartPrefaulting()
    {
        var thread = new Thread(PrefaultLoop) { IsBackground = true, Name = "gotrace prefault" };
        thread.Start();
    }

    /// <summary>
    /// Keeps the pages of the next slots mapped and writable, so the first write to a page never faults on
    /// a traced thread: one madvise(MADV_POPULATE_WRITE) call for the whole range where the kernel has it,
    /// else a compare-exchange of zero for zero on each page, which never changes data even if the slot's
    /// owner is already writing there.
    /// </summary>
    private void PrefaultLoop()
    {
        try
        {
            while (!_closed)
            {
                _prefaultWanted.WaitOne();
                lock (_prefaultGate)
                {
                    var next = Volatile.Read(ref _nextSlot);
                    if (_closed || next >= _slotCount)
                    {
                        return;
                    }

                    Reserve(next + _slotsAhead, required: false);
                    var target = Math.Min(next + _slotsAhead, Volatile.Read(ref _reservedSlots));
                    var from = Math.Max(_prefaultedSlots, next);
                    if (from < target && !PageTables.Populate(SlotAddress(from), (target - from) * ChunkSize))
                    {
                        for (var slot = from; slot < target; slot++)
                        {
                            var chunk = SlotAddress(slot);
                            for (var page = 0; page < ChunkSize; page += 4096)
                            {
                                Interlocked.CompareExchange(ref *(long*)(chunk + page), 0, 0);
                            }
                        }
                    }

                    Volatile.Write(ref _prefaultedSlots, Math.Max(_prefaultedSlots, target));
                }
            }
        }
        catch (Exception)
        {
            // Prefaulting is only an optimisation.
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
