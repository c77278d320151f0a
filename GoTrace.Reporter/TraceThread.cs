using System.Collections.Generic;

namespace GoTrace.Reporter;

/// <summary>A thread that wrote events (or was announced by a thread record).</summary>
public sealed class TraceThread
{
    private readonly List<EventChunk> _chunks = new();

    internal TraceThread(int threadIndex)
    {
        ThreadIndex = threadIndex;
    }

    /// <summary>The index event chunks use to name this thread.</summary>
    public int ThreadIndex { get; }

    public int ManagedThreadId { get; internal set; }

    /// <summary>Operating-system thread id, 0 when unknown.</summary>
    public int OsThreadId { get; internal set; }

    public bool IsThreadPool { get; internal set; }

    public bool IsBackground { get; internal set; }

    /// <summary>Thread name, empty when it had none.</summary>
    public string Name { get; internal set; } = string.Empty;

    /// <summary>False when events name this thread but no thread record describes it.</summary>
    public bool IsDescribed { get; internal set; }

    /// <summary>Events of this thread the tracer did not keep (from its drops record; 0 when it has none).</summary>
    public long DroppedEvents { get; internal set; }

    /// <summary>Clock value of the first of them: when the file filled up, or ring mode first overwrote one of its chunks.</summary>
    public long FirstDropTicks { get; internal set; }

    /// <summary>True when the thread's oldest chunks are gone (ring mode reused them): its events start later than it did.</summary>
    public bool LostItsOldestChunks => _chunks.Count > 0 && _chunks[0].Sequence > 0;

    public int ChunkCount => _chunks.Count;

    /// <summary>Bytes of the file this thread's event chunks take (a chunk may span several slots).</summary>
    public long ChunkBytes { get; internal set; }

    /// <summary>Event chunks in sequence order (sorted once the file is scanned).</summary>
    internal List<EventChunk> Chunks => _chunks;

    public override string ToString() =>
        Name.Length == 0 ? $"thread {ManagedThreadId} (#{ThreadIndex})" : $"{Name} (thread {ManagedThreadId}, #{ThreadIndex})";
}

/// <summary>Where one event chunk of a thread lies in the file, and how many bytes it spans (header included).</summary>
internal readonly record struct EventChunk(uint Sequence, long Offset, long BaseTicks, int Length);
