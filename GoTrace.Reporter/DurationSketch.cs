using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace GoTrace.Reporter;

/// <summary>
/// The durations of single calls (in ticks) along one call path, for their distribution: min, p50, p90, p99, max.
/// <para>
/// Exact up to <see cref="ExactLimit"/> calls: the durations themselves. Past that, a log-linear histogram in the
/// manner of HdrHistogram: durations below 32 ticks each have a bucket of their own; above, every power of two is
/// cut into <see cref="SubBuckets"/> buckets of equal width, so a bucket is at most 1/16 of its lower bound wide and
/// the value a quantile reports (the bucket's middle) is within 1/32 (<see cref="RelativeError"/>, 3.1%) of the
/// true one. The shortest and longest durations are kept exactly, and quantiles are clamped to them. Buckets are one
/// dense array of counts over the buckets in use: 16 a doubling of the spread between the shortest and longest call
/// (about 640 bytes for calls spanning a factor of 1000), at most <see cref="MaxBuckets"/> (a spread of 2^20): past
/// that the shortest buckets fold into the lowest one kept, whose quantiles then read as that bucket's middle.
/// </para>
/// Memory grows with call paths, never with calls. Quantiles use the nearest rank: the duration of the call at rank
/// ceil(q × n) in order of duration.
/// </summary>
public sealed class DurationSketch
{
    /// <summary>Calls kept exactly before the histogram takes over.</summary>
    public const int ExactLimit = 16;

    /// <summary>Buckets per power of two: the relative width of a bucket is at most 1 / this.</summary>
    public const int SubBuckets = 16;

    /// <summary>The widest range of buckets kept (20 powers of two: a factor of about a million).</summary>
    public const int MaxBuckets = 20 * SubBuckets;

    /// <summary>The largest relative error of a quantile read from the histogram: half a bucket's width.</summary>
    public const double RelativeError = 1.0 / (2 * SubBuckets);

    private const int SubBucketBits = 4;

    private long[]? _exact = new long[4];
    private int _exactCount;
    private int[] _counts = Array.Empty<int>();
    private int _firstBucket;

    /// <summary>A sketch holding a histogram made elsewhere (the array is taken over, not copied).</summary>
    internal static DurationSketch FromBuckets(int[] counts, int firstBucket, long count, long min, long max) =>
        new() { _exact = null, _counts = counts, _firstBucket = firstBucket, Count = count, Min = min, Max = max };

    /// <summary>Durations added.</summary>
    public long Count { get; private set; }

    public long Min { get; private set; } = long.MaxValue;

    public long Max { get; private set; } = long.MinValue;

    /// <summary>True while every duration is kept as it is (quantiles are exact).</summary>
    public bool IsExact => _exact != null;

    /// <summary>Bytes held by this sketch, for memory accounting.</summary>
    public long Bytes => 48 + (_exact == null ? 0 : 24 + (8L * _exact.Length)) + (_counts.Length == 0 ? 0 : 24 + (4L * _counts.Length));

    /// <summary>The node that may change this sketch; any other node holding it shares it read-only.</summary>
    internal object? Owner { get; set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long ticks)
    {
        ticks = Math.Max(0, ticks);
        Count++;
        Min = Math.Min(Min, ticks);
        Max = Math.Max(Max, ticks);
        if (_exact != null)
        {
            AddExact(ticks);
            return;
        }

        var bucket = Bucket(ticks) - _firstBucket;
        if ((uint)bucket < (uint)_counts.Length)
        {
            _counts[bucket]++;
        }
        else
        {
            AddOutside(Bucket(ticks), 1);
        }
    }

    /// <summary>Adds every duration of <paramref name="other"/> (left unchanged).</summary>
    public void Add(DurationSketch other)
    {
        if (other.Count == 0)
        {
            return;
        }

        if (other._exact != null)
        {
            // Count, min and max follow from the values themselves.
            for (var i = 0; i < other._exactCount; i++)
            {
                Add(other._exact[i]);
            }

            return;
        }

        Count += other.Count;
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
        if (_exact != null)
        {
            ToHistogram();
        }

        for (var i = 0; i < other._counts.Length; i++)
        {
            if (other._counts[i] != 0)
            {
                AddOutside(other._firstBucket + i, other._counts[i]);
            }
        }
    }

    /// <summary>The duration at quantile <paramref name="q"/> (0 to 1): nearest rank, clamped to the exact min and max.</summary>
    public long Quantile(double q)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = Math.Clamp((long)Math.Ceiling(q * Count), 1, Count);
        if (rank == Count)
        {
            return Max;
        }

        if (rank == 1)
        {
            return Min;
        }

        if (_exact != null)
        {
            var sorted = _exact.AsSpan(0, _exactCount).ToArray();
            Array.Sort(sorted);
            return sorted[rank - 1];
        }

        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Clamp(Middle(_firstBucket + i), Min, Max);
            }
        }

        return Max;
    }

    /// <summary>The bucket of a duration: the value itself below 32, then 16 buckets per power of two.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Bucket(long ticks)
    {
        var shift = Math.Max(0, 63 - BitOperations.LeadingZeroCount((ulong)ticks) - SubBucketBits);
        return (shift << SubBucketBits) + (int)(ticks >> shift);
    }

    /// <summary>The smallest duration of a bucket.</summary>
    internal static long LowerBound(int bucket)
    {
        var shift = Math.Max(0, (bucket >> SubBucketBits) - 1);
        return (long)(bucket - (shift << SubBucketBits)) << shift;
    }

    /// <summary>The value a bucket stands for: the middle of the durations it holds.</summary>
    internal static long Middle(int bucket)
    {
        var width = LowerBound(bucket + 1) - LowerBound(bucket);
        return LowerBound(bucket) + ((width - 1) / 2);
    }

    private void AddExact(long ticks)
    {
        if (_exactCount == _exact!.Length)
        {
            if (_exactCount == ExactLimit)
            {
                ToHistogram();
                AddOutside(Bucket(ticks), 1);
                return;
            }

            Array.Resize(ref _exact, Math.Min(ExactLimit, _exactCount * 2));
        }

        _exact[_exactCount++] = ticks;
    }

    /// <summary>Moves the exact values into buckets (<see cref="Count"/> already counts them).</summary>
    private void ToHistogram()
    {
        var exact = _exact!;
        _exact = null;
        for (var i = 0; i < _exactCount; i++)
        {
            AddOutside(Bucket(exact[i]), 1);
        }

        _exactCount = 0;
    }

    /// <summary>Adds to a bucket, growing the dense range to cover it.</summary>
    private void AddOutside(int bucket, int count) => AddToBuckets(ref _counts!, ref _firstBucket, bucket, count);

    /// <summary>
    /// Adds <paramref name="count"/> to a bucket of the dense array <paramref name="counts"/> (which starts at
    /// <paramref name="firstBucket"/>), growing it to cover the bucket; past <see cref="MaxBuckets"/> the lowest
    /// buckets fold into the lowest one kept.
    /// </summary>
    internal static void AddToBuckets(ref int[]? counts, ref int firstBucket, int bucket, int count)
    {
        if (counts == null || counts.Length == 0)
        {
            counts = new int[SubBuckets];
            firstBucket = Math.Max(0, bucket - (SubBuckets / 2));
        }

        var last = firstBucket + counts.Length - 1;
        if (bucket < firstBucket || bucket > last)
        {
            // Half as much again, the room on the side that grew, so a widening range is copied a few times only.
            var length = Math.Min(MaxBuckets, Math.Max(counts.Length + (counts.Length / 2), Math.Max(last, bucket) - Math.Min(firstBucket, bucket) + 1));
            int first;
            if (bucket > last)
            {
                first = firstBucket;
                last = first + length - 1;
                if (bucket > last)
                {
                    last = bucket;
                    first = last - MaxBuckets + 1;
                }
            }
            else
            {
                first = Math.Max(0, last - length + 1);
                last = first + length - 1;
            }

            var grown = new int[last - first + 1];
            for (var i = 0; i < counts.Length; i++)
            {
                if (counts[i] != 0)
                {
                    grown[Math.Max(0, firstBucket + i - first)] += counts[i];
                }
            }

            counts = grown;
            firstBucket = first;
        }

        counts[Math.Max(0, bucket - firstBucket)] += count;
    }
}
