using System;
using System.Collections.Generic;
using System.Linq;

namespace GoTrace.Reporter;

/// <summary>
/// Per-function change between two traces (<c>gotrace-report diff &lt;base&gt; &lt;head&gt;</c>). Functions are matched
/// by full name. Only functions above the noise floor are listed: total time of at least
/// <see cref="MinNanos"/> and at least <see cref="MinPercent"/>% of the longer trace's total, in either trace.
/// Rows are sorted by impact: the size of the change in self time (where the time moved), then in total time.
/// A function "got slower by P%" when it is in both traces and its total time grew by P% of its base total.
/// </summary>
public sealed class TraceDiff
{
    /// <summary>Default noise floor: 1 ms.</summary>
    public const long DefaultMinNanos = 1_000_000;

    /// <summary>Default noise floor: 1% of the longer trace's total.</summary>
    public const double DefaultMinPercent = 1.0;

    private TraceDiff(CallTree baseTree, CallTree headTree, List<FunctionDiff> rows, long minNanos, double minPercent, string? unrelated)
    {
        Base = baseTree;
        Head = headTree;
        Functions = rows;
        MinNanos = minNanos;
        MinPercent = minPercent;
        UnrelatedNote = unrelated;
    }

    /// <summary>Said when the two traces share less than half of the functions of the smaller one: they look like different programs.</summary>
    public string? UnrelatedNote { get; }

    public CallTree Base { get; }

    public CallTree Head { get; }

    /// <summary>Listed functions, biggest change first.</summary>
    public IReadOnlyList<FunctionDiff> Functions { get; }

    public long MinNanos { get; }

    public double MinPercent { get; }

    /// <summary>The floor in nanoseconds: the larger of <see cref="MinNanos"/> and <see cref="MinPercent"/> of the longer total.</summary>
    public long FloorNanos => Math.Max(MinNanos, (long)(MinPercent / 100 * Math.Max(Nanos(Base, Base.TotalTicks), Nanos(Head, Head.TotalTicks))));

    public static TraceDiff Compare(CallTree baseTree, CallTree headTree, long minNanos = DefaultMinNanos, double minPercent = DefaultMinPercent)
    {
        var before = FlatProfile.Of(baseTree).Functions.ToDictionary(f => f.Function.FullName, StringComparer.Ordinal);
        var after = FlatProfile.Of(headTree).Functions.ToDictionary(f => f.Function.FullName, StringComparer.Ordinal);
        var floor = Math.Max(minNanos, (long)(minPercent / 100 * Math.Max(Nanos(baseTree, baseTree.TotalTicks), Nanos(headTree, headTree.TotalTicks))));
        var rows = new List<FunctionDiff>();
        foreach (var name in before.Keys.Union(after.Keys))
        {
            before.TryGetValue(name, out var b);
            after.TryGetValue(name, out var h);
            var row = new FunctionDiff(
                name,
                b == null ? null : new FunctionTimes(Nanos(baseTree, b.SelfTicks), Nanos(baseTree, b.TotalTicks), b.Calls),
                h == null ? null : new FunctionTimes(Nanos(headTree, h.SelfTicks), Nanos(headTree, h.TotalTicks), h.Calls),
                (h ?? b)!.Function.Name);
            if (Math.Max(row.Base?.TotalNanos ?? 0, row.Head?.TotalNanos ?? 0) >= floor)
            {
                rows.Add(row);
            }
        }

        rows.Sort((x, y) =>
        {
            var bySelf = Math.Abs(y.SelfChangeNanos).CompareTo(Math.Abs(x.SelfChangeNanos));
            if (bySelf != 0)
            {
                return bySelf;
            }

            var byTotal = Math.Abs(y.TotalChangeNanos).CompareTo(Math.Abs(x.TotalChangeNanos));
            return byTotal != 0 ? byTotal : string.CompareOrdinal(x.Name, y.Name);
        });
        return new TraceDiff(baseTree, headTree, rows, minNanos, minPercent, Unrelated(before.Count, after.Count, before.Keys.Count(after.ContainsKey)));
    }

    private static string? Unrelated(int baseCount, int headCount, int common)
    {
        var smaller = Math.Min(baseCount, headCount);
        if (smaller == 0 || common * 2 >= smaller)
        {
            return null;
        }

        var shared = common == 0 ? "have no function in common" : $"share only {common} of their functions";
        return $"base and head {shared} ({baseCount} in base, {headCount} in head): they look like traces of different programs";
    }

    /// <summary>Listed functions in both traces whose total time grew by more than <paramref name="percent"/>%.</summary>
    public IReadOnlyList<FunctionDiff> SlowerThan(double percent) =>
        Functions.Where(f => f.TotalChangePercent is { } change && change > percent).ToList();

    internal static long Nanos(CallTree tree, long ticks) => (long)Math.Round(tree.TicksToSeconds(ticks) * 1e9);
}

/// <summary>One function's self time, total time and calls in one trace.</summary>
public sealed record FunctionTimes(long SelfNanos, long TotalNanos, long Calls);

/// <summary>One function in the two traces; <see cref="Base"/> or <see cref="Head"/> is null when it ran in one only.</summary>
public sealed record FunctionDiff(string Name, FunctionTimes? Base, FunctionTimes? Head, string ShortName)
{
    public long SelfChangeNanos => (Head?.SelfNanos ?? 0) - (Base?.SelfNanos ?? 0);

    public long TotalChangeNanos => (Head?.TotalNanos ?? 0) - (Base?.TotalNanos ?? 0);

    public long CallsChange => (Head?.Calls ?? 0) - (Base?.Calls ?? 0);

    /// <summary>Change of total time in percent of the base total; null unless the function is in both traces with a base total.</summary>
    public double? TotalChangePercent => Base is { TotalNanos: > 0 } b && Head != null ? (Head.TotalNanos - b.TotalNanos) * 100.0 / b.TotalNanos : null;
}
