using System;
using System.Collections.Generic;

namespace GoTrace.Reporter;

/// <summary>
/// Per-function figures of a call tree (the flat profile of <c>--top</c>, the rows of <c>diff</c>), each instant
/// counted once per thread however calls nest — recursion, calls under work the function started, async calls
/// of the function by itself (docs/accounting.md): total time is the time the function was on a thread's stack
/// (an async method while a run of its MoveNext was, up to the completion of its task); self time the time its
/// own code was on top of a thread's stack, less the time it waited there for work it started (never more than
/// the tree's self time); wait the time its async calls were suspended and its spawned work queued; calls summed over every path. So self never exceeds total, and total
/// never exceeds the trace's wall time times its threads. Functions are keyed by full name, so two traces of
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
        // In a view (--focus) an outer call of the same function may lie outside it: the outermost calls of each
        // function inside the view count all of their time on the stack.
        var view = tree.ViewDescription.Length > 0;
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

            onPath.TryGetValue(name, out var depth);
            // Its own code on top of a thread's stack, but not while it waited for work it started (the tree's
            // self time leaves that out): where the time went, not who waited.
            stats.SelfTicks += Math.Min(node.WorkTicks, node.SelfTicks);
            // A call's wait holds the waits of calls of the same function nested in it (an async method awaiting
            // itself): the outermost ones only.
            stats.WaitTicks += depth == 0 ? node.WaitTicks : 0;
            stats.TotalTicks += view && depth == 0 ? node.OnStackTicks : node.OnStackTicks - node.NestedStackTicks;
            stats.Calls += node.Calls;
            CallDurations.AddTo(stats, node);
            stats.UnfinishedCalls += node.UnfinishedCalls;
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

    /// <summary>Time the function's own code was on top of a thread's stack, not waiting for work it started; each instant once per thread.</summary>
    public long SelfTicks { get; internal set; }

    /// <summary>Time the function was on a thread's stack, callees included, each instant once per thread however its calls nest.</summary>
    public long TotalTicks { get; internal set; }

    /// <summary>
    /// Time its calls waited off every thread (<see cref="CallNode.WaitTicks"/>: an async call suspended at its awaits,
    /// spawned work in a queue), calls nested in a call of the same function left out. Beside self time, never in it.
    /// </summary>
    public long WaitTicks { get; internal set; }

    public long Calls { get; internal set; }

    public long UnfinishedCalls { get; internal set; }

    /// <summary>Every single call's duration, on every path (recursive calls too); see <see cref="CallDurations.Of(FunctionStats)"/>.</summary>
    public DurationSketch? Durations { get; internal set; }

    /// <summary>Total time per call, in ticks; 0 when never called.</summary>
    public double AverageTicks => Calls == 0 ? 0 : (double)TotalTicks / Calls;
}
