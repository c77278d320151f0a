using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace GoTrace.Reporter;

/// <summary>
/// The durations of single calls (in ticks) along one call path, for their distribution: min, p50, p90, p99, max.
/// <para>
/// Exact up to <see cref="ExactLimit"/> calls: the durations themselves. Past that, a log-linear histogram in the
/// manner of HdrHistogram: values below 64 ticks each have a bucket of their own; above, every power of two is cut
/// into <see cref="SubBuckets"/> buckets of equal width, so a bucket is at most 1/32 of its lower bound wide and
/// the value a quantile reports (the bucket's middle) is within 1/64 (1.6%) of the true one. The smallest and
/// largest durations are kept exactly, and quantiles are clamped to them. Buckets are one dense array of counts
/// covering the buckets in use: 32 per doubling of the spread between the shortest and longest call (about 1 KiB
/// for a path whose calls span a factor of 1000), at most <see cref="MaxBuckets"/> (a spread of 2^20): past that
/// the shortest buckets are folded into the lowest one kept, whose quantiles then read as that bucket's middle
/// (the minimum stays exact).
/// </para>
/// Memory grows with call paths, never with calls. Quantiles use the nearest rank: the value of the call at rank
/// ceil(q × n) in order of duration.
/// </summary>
public sealed class DurationSketch
{
    /// <summary>Calls kept exactly before the histogram takes over.</summary>
    public const int ExactLimit = 16;

    /// <summary>Buckets per power of two: the relative width of a bucket is at most 1 / this.</summary>
    public const int SubBuckets = 32;

    /// <summary>The widest range of buckets kept (20 powers of two: a factor of about a million).</summary>
    public const int MaxBuckets = 20 * SubBuckets;

    /// <summary>The largest relative error of a quantile read from the histogram: half a bucket's width.</summary>
    public const double RelativeError = 1.0 / (2 * SubBuckets);

    private const int SubBucketBits = 5;

    private long[]? _exact = new long[4];
    private int _exactCount;
    private int[] _counts = Array.Empty<int>();
    private int _firstBucket;

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

    /// <summary>The bucket of a duration: the value itself below 64, then 32 buckets per power of two.</summary>
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

    /// <summary>Adds to a bucket, growing the dense range to cover it (folding the lowest past <see cref="MaxBuckets"/>).</summary>
    private void AddOutside(int bucket, int count)
    {
        if (_counts.Length == 0)
        {
            _counts = new int[SubBuckets];
            _firstBucket = Math.Max(0, bucket - (SubBuckets / 2));
        }

        var last = _firstBucket + _counts.Length - 1;
        if (bucket < _firstBucket || bucket > last)
        {
            var first = Math.Min(_firstBucket, bucket);
            last = Math.Max(last, bucket);
            if (last - first + 1 > MaxBuckets)
            {
                first = last - MaxBuckets + 1;
            }

            // Room to grow on the side that grew, so a slowly widening range is not copied at every step.
            var length = Math.Min(MaxBuckets, Math.Max(last - first + 1, _counts.Length + (_counts.Length / 2)));
            if (bucket < _firstBucket)
            {
                first = Math.Max(0, Math.Min(first, last - length + 1));
            }

            var grown = new int[Math.Min(length, MaxBuckets)];
            for (var i = 0; i < _counts.Length; i++)
            {
                if (_counts[i] != 0)
                {
                    var target = Math.Clamp(_firstBucket + i - first, 0, grown.Length - 1);
                    grown[target] += _counts[i];
                }
            }

            _counts = grown;
            _firstBucket = first;
        }

        _counts[Math.Clamp(bucket - _firstBucket, 0, _counts.Length - 1)] += count;
    }
}
