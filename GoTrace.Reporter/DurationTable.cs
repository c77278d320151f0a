using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GoTrace.Reporter;

/// <summary>
/// A replay's side table of single-call durations, keyed by path node id (<see cref="PathTable"/>). Fed where the
/// replay adds a call's duration to its node's total (the same value), merged into the tree by
/// <see cref="MergeInto"/>. One 64-byte record a node: its first <see cref="Staged"/> durations are kept as they
/// are (exact); from then on they are staged there and moved into the node's histogram
/// (<see cref="DurationSketch"/>'s buckets) six at a time, so that a call's exit writes only to its node's record.
/// </summary>
internal sealed class DurationTable
{
    /// <summary>Durations a record holds before they go into its histogram.</summary>
    public const int Staged = 6;

    private NodeRecord[] _records = new NodeRecord[1024];

    /// <summary>False when the report has no use for distributions (folded stacks, HTML, diff): nothing is recorded.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Bytes held, histograms included.</summary>
    public long Bytes
    {
        get
        {
            var bytes = (long)Unsafe.SizeOf<NodeRecord>() * _records.Length;
            foreach (var record in _records)
            {
                bytes += record.Counts == null ? 0 : 24 + (4L * record.Counts.Length);
            }

            return bytes;
        }
    }

    /// <summary>Records one call of <paramref name="node"/> that took <paramref name="ticks"/>; returns <paramref name="ticks"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Record(int node, long ticks)
    {
        if (!Enabled)
        {
            return ticks;
        }

        if ((uint)node >= (uint)_records.Length)
        {
            Grow(node);
        }

        ref var record = ref _records[node];
        if (record.StagedCount < Staged && (ulong)ticks <= uint.MaxValue)
        {
            record.Stage[record.StagedCount++] = (uint)ticks;
        }
        else
        {
            Flush(ref record, ticks);
        }

        return ticks;
    }

    /// <summary>Records <paramref name="calls"/> calls of <paramref name="node"/> that took no time (a count event).</summary>
    public void RecordZeros(int node, long calls)
    {
        if (!Enabled)
        {
            return;
        }

        // The first ones as any call, until the record has a histogram and nothing staged (seven at most) ...
        var rest = calls;
        while (rest > 0 && ((uint)node >= (uint)_records.Length || _records[node].Counts == null || _records[node].StagedCount != 0))
        {
            Record(node, 0);
            rest--;
        }

        if (rest <= 0)
        {
            return;
        }

        // ... the rest into its zero bucket at once (a bucket holds at most int.MaxValue: beyond, the count is exact, not the distribution).
        ref var record = ref _records[node];
        var bucket = DurationSketch.Bucket(0);
        var held = bucket >= record.FirstBucket && bucket - record.FirstBucket < record.Counts!.Length ? record.Counts[bucket - record.FirstBucket] : 0;
        var added = (int)Math.Min(rest, int.MaxValue - (long)held);
        DurationSketch.AddToBuckets(ref record.Counts, ref record.FirstBucket, bucket, added);
        record.InHistogram += added;
        record.Min = 0;
    }

    /// <summary>Hands node <paramref name="id"/>'s durations to <paramref name="node"/> of the tree (before its counts are added).</summary>
    public void MergeInto(CallNode node, int id)
    {
        if ((uint)id >= (uint)_records.Length)
        {
            return;
        }

        ref var record = ref _records[id];
        var staged = record.StagedCount;
        if (record.Counts == null && staged <= 1)
        {
            if (staged == 1)
            {
                CallDurations.Merge(node, null, record.Stage[0], take: true);
            }

            return;
        }

        var sketch = record.Counts == null
            ? new DurationSketch()
            : DurationSketch.FromBuckets(record.Counts, record.FirstBucket, record.InHistogram, record.Min, record.Max);
        for (var i = 0; i < staged; i++)
        {
            sketch.Add(record.Stage[i]);
        }

        record = default;
        CallDurations.Merge(node, sketch, 0, take: true);
    }

    /// <summary>The staged durations and <paramref name="ticks"/> go into the record's histogram.</summary>
    private static void Flush(ref NodeRecord record, long ticks)
    {
        if (record.Counts == null)
        {
            record.Min = long.MaxValue;
            record.Max = long.MinValue;
            DurationSketch.AddToBuckets(ref record.Counts, ref record.FirstBucket, DurationSketch.Bucket(record.StagedCount > 0 ? record.Stage[0] : Math.Max(0, ticks)), 0);
        }

        var min = Math.Min(record.Min, Math.Max(0, ticks));
        var max = Math.Max(record.Max, ticks);
        var counts = record.Counts!;
        var first = record.FirstBucket;
        ref var data = ref MemoryMarshal.GetArrayDataReference(counts);
        var staged = record.StagedCount;
        for (var i = 0; i <= staged; i++)
        {
            var value = i < staged ? record.Stage[i] : Math.Max(0, ticks);
            min = Math.Min(min, value);
            max = Math.Max(max, value);
            var index = DurationSketch.Bucket(value) - first;
            if ((uint)index < (uint)counts.Length)
            {
                Unsafe.Add(ref data, index)++;
            }
            else
            {
                DurationSketch.AddToBuckets(ref record.Counts, ref record.FirstBucket, index + first, 1);
                counts = record.Counts!;
                first = record.FirstBucket;
                data = ref MemoryMarshal.GetArrayDataReference(counts);
            }
        }

        record.InHistogram += staged + 1;
        record.StagedCount = 0;
        record.Min = min;
        record.Max = max;
    }

    private void Grow(int node) => Array.Resize(ref _records, (int)Math.Min(int.MaxValue, Math.Max(_records.Length * 2L, node + 1L)));

    /// <summary>A node's durations: up to six staged as they are, the rest in buckets.</summary>
    private struct NodeRecord
    {
        public int[]? Counts;
        public int FirstBucket;
        public int StagedCount;
        public long InHistogram;
        public long Min;
        public long Max;
        public StagedDurations Stage;
    }

    [InlineArray(Staged)]
    private struct StagedDurations
    {
        private uint _first;
    }
}
