using System;
using System.Collections.Generic;

namespace GoTrace.Reporter;

/// <summary>
/// Per-function totals of a call tree (the flat profile of <c>--top</c>, the rows of <c>diff</c>): self time
/// summed over every path; total time counted once per outermost call, so recursion is not counted twice;
/// calls summed over every path. Functions are keyed by full name, so overloads merge and two traces of
/// different builds line up.
/// </summary>
public sealed class FlatProfile
{
    private FlatProfile(List<FunctionStats> functions, CallTree tree)
    {
        Functions = functions;
        Tree = tree;
    }

    /// <summary>Longest self time first, then longest total, then by name.</summary>
    public IReadOnlyList<FunctionStats> Functions { get; }

    public CallTree Tree { get; }

    public static FlatProfile Of(CallTree tree)
    {
        var byName = new Dictionary<string, FunctionStats>(StringComparer.Ordinal);
        var onPath = new Dictionary<string, int>(StringComparer.Ordinal);
        var pending = new Stack<(CallNode Node, bool Leaving)>();
        for (var i = tree.Roots.Count - 1; i >= 0; i--)
        {
            pending.Push((tree.Roots[i], false));
        }

        while (pending.Count > 0)
        {
            var (node, leaving) = pending.Pop();
            var name = node.Function.FullName;
            if (leaving)
            {
                onPath[name]--;
                continue;
            }

            if (!byName.TryGetValue(name, out var stats))
            {
                stats = new FunctionStats(node.Function);
                byName.Add(name, stats);
            }

            stats.SelfTicks += node.SelfTicks + node.HiddenTicks;
            stats.Calls += node.Calls;
            CallDurations.AddTo(stats, node);
            stats.UnfinishedCalls += node.UnfinishedCalls;
            onPath.TryGetValue(name, out var depth);
            if (depth == 0)
            {
                stats.TotalTicks += node.TotalTicks;
            }

            onPath[name] = depth + 1;
            pending.Push((node, true));
            for (var i = node.Children.Count - 1; i >= 0; i--)
            {
                pending.Push((node.Children[i], false));
            }
        }

        var functions = new List<FunctionStats>(byName.Values);
        functions.Sort((a, b) =>
        {
            var bySelf = b.SelfTicks.CompareTo(a.SelfTicks);
            if (bySelf != 0)
            {
                return bySelf;
            }

            var byTotal = b.TotalTicks.CompareTo(a.TotalTicks);
            return byTotal != 0 ? byTotal : string.CompareOrdinal(a.Function.FullName, b.Function.FullName);
        });
        return new FlatProfile(functions, tree);
    }
}

/// <summary>One function's line of a flat profile.</summary>
public sealed class FunctionStats
{
    internal FunctionStats(FunctionInfo function)
    {
        Function = function;
    }

    public FunctionInfo Function { get; }

    /// <summary>Time in the function's own body, callees excluded (and callees a view left out included).</summary>
    public long SelfTicks { get; internal set; }

    /// <summary>Time with the function on the stack, callees included, recursion counted once.</summary>
    public long TotalTicks { get; internal set; }

    public long Calls { get; internal set; }

    public long UnfinishedCalls { get; internal set; }

    /// <summary>Every single call's duration, on every path (recursive calls too); see <see cref="CallDurations.Of(FunctionStats)"/>.</summary>
    public DurationSketch? Durations { get; internal set; }

    /// <summary>Total time per call, in ticks; 0 when never called.</summary>
    public double AverageTicks => Calls == 0 ? 0 : (double)TotalTicks / Calls;
}
