using System;
using System.Collections.Generic;

namespace GoTrace.Reporter;

/// <summary>
/// Views of a merged call tree, each a new (small) tree with the same facts: the subtree under every call of
/// a function (<c>--focus</c>), the inverted tree of its callers (<c>--callers</c>), and pruning by depth and
/// duration (<c>--depth</c>, <c>--min-percent</c>, <c>--min-duration</c>).
/// </summary>
public static class TreeViews
{
    /// <summary>
    /// The merged subtree under every call of the matching functions: one root per function, merging its
    /// outermost calls wherever they happen (a recursive call stays inside the subtree of the outer one).
    /// </summary>
    public static CallTree Focus(CallTree tree, FunctionMatcher matcher)
    {
        var roots = new Dictionary<int, CallNode>();
        var order = new List<CallNode>();
        foreach (var occurrence in OutermostCalls(tree, matcher))
        {
            if (!roots.TryGetValue(occurrence.Key, out var root))
            {
                root = occurrence.CopyDetached(null);
                roots.Add(occurrence.Key, root);
                order.Add(root);
            }

            MergeSubtree(occurrence, root);
        }

        foreach (var root in order)
        {
            SortAll(root);
        }

        return tree.WithRoots(order, "calls of " + matcher.Pattern + " and everything they call");
    }

    /// <summary>
    /// The inverted tree: each matching function at the root, its callers below it, their callers below them.
    /// A node's total and calls are the function's time on the stack (as <c>--top</c> counts it) and calls
    /// reached through that chain of callers; its self time is the part whose chain ends there (no caller
    /// further out). A call of the function beneath another call of it (recursion, or through work the outer
    /// call started) counts with the outermost one, through its chain.
    /// </summary>
    public static CallTree Callers(CallTree tree, FunctionMatcher matcher)
    {
        var roots = new Dictionary<int, CallNode>();
        var order = new List<CallNode>();
        foreach (var occurrence in Occurrences(tree, matcher))
        {
            var outermost = occurrence.Node;
            if (!roots.TryGetValue(outermost.Key, out var root))
            {
                root = outermost.CopyDetached(null);
                roots.Add(outermost.Key, root);
                order.Add(root);
            }

            var current = root;
            occurrence.AddTo(current);
            for (var caller = outermost.Parent; caller != null; caller = caller.Parent)
            {
                // A root of the tree ran alongside nothing (async Main): it stays unmarked here too.
                current = caller.Parent == null ? current.GetOrAddChild(caller.Function, PathKey.Of(caller.FunctionId, CallKind.Call)) : current.GetOrAddChild(caller);
                occurrence.AddTo(current);
            }

            current.SelfTicks += occurrence.StackTicks;
        }

        foreach (var root in order)
        {
            SortAll(root, subtreeIsTotal: true);
        }

        return tree.WithRoots(order, "callers of " + matcher.Pattern);
    }

    /// <summary>
    /// Leaves out calls deeper than <paramref name="maxDepth"/> (roots are depth 1; null = no limit) and calls
    /// whose subtree (<see cref="CallNode.SubtreeTicks"/>: the call and the work it started) is under
    /// <paramref name="minTicks"/>. A parent keeps the subtree time of what was left out as
    /// <see cref="CallNode.HiddenTicks"/>, so folded weights still add up.
    /// </summary>
    public static CallTree Prune(CallTree tree, int? maxDepth, long minTicks)
    {
        var roots = new List<CallNode>();
        var pending = new Stack<(CallNode Source, CallNode? Copy, int Depth)>();
        for (var i = tree.Roots.Count - 1; i >= 0; i--)
        {
            pending.Push((tree.Roots[i], null, 1));
        }

        while (pending.Count > 0)
        {
            var (source, parentCopy, depth) = pending.Pop();
            // A call shorter than the limit stays when work it started (spawned, or an async call that ran on
            // after it returned) makes its subtree pass: the subtree's time is what the view weighs.
            if (source.SubtreeTicks < minTicks || (maxDepth is { } max && depth > max))
            {
                if (parentCopy != null)
                {
                    parentCopy.HiddenTicks += source.SubtreeTicks;
                }

                continue;
            }

            var copy = source.CopyDetached(parentCopy);
            copy.AddCounts(source);
            if (parentCopy == null)
            {
                roots.Add(copy);
            }
            else
            {
                parentCopy.ChildList.Add(copy);
            }

            // Children are already in output order; push them reversed so they are copied in that order.
            for (var i = source.Children.Count - 1; i >= 0; i--)
            {
                pending.Push((source.Children[i], copy, depth + 1));
            }
        }

        return tree.WithRoots(roots, tree.ViewDescription);
    }

    /// <summary>Nodes of the matching functions that have no matching function above them.</summary>
    private static List<CallNode> OutermostCalls(CallTree tree, FunctionMatcher matcher)
    {
        var found = new List<CallNode>();
        var pending = new Stack<CallNode>();
        for (var i = tree.Roots.Count - 1; i >= 0; i--)
        {
            pending.Push(tree.Roots[i]);
        }

        var matches = new Dictionary<FunctionInfo, bool>();
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (!matches.TryGetValue(node.Function, out var match))
            {
                match = matcher.Matches(node.Function);
                matches.Add(node.Function, match);
            }

            if (match)
            {
                found.Add(node);
                continue;
            }

            for (var i = node.Children.Count - 1; i >= 0; i--)
            {
                pending.Push(node.Children[i]);
            }
        }

        return found;
    }

    /// <summary>
    /// Each outermost call node of a matched function (no node of the same function above it), with the figures
    /// of every node of that function beneath it added up.
    /// </summary>
    private static List<Occurrence> Occurrences(CallTree tree, FunctionMatcher matcher)
    {
        var found = new List<Occurrence>();
        var outer = new Dictionary<string, Occurrence>(StringComparer.Ordinal);
        var pending = new Stack<(CallNode Node, Occurrence? Opened)>();
        for (var i = tree.Roots.Count - 1; i >= 0; i--)
        {
            pending.Push((tree.Roots[i], null));
        }

        var matches = new Dictionary<FunctionInfo, bool>();
        while (pending.Count > 0)
        {
            var (node, opened) = pending.Pop();
            if (opened != null)
            {
                outer.Remove(node.Function.FullName); // leaving the outermost call of its function
                continue;
            }

            if (!matches.TryGetValue(node.Function, out var match))
            {
                match = matcher.Matches(node.Function);
                matches.Add(node.Function, match);
            }

            if (match)
            {
                if (outer.TryGetValue(node.Function.FullName, out var outermost))
                {
                    outermost.Add(node);
                }
                else
                {
                    outermost = new Occurrence(node);
                    outermost.Add(node);
                    found.Add(outermost);
                    outer.Add(node.Function.FullName, outermost);
                    pending.Push((node, outermost));
                }
            }

            for (var i = node.Children.Count - 1; i >= 0; i--)
            {
                pending.Push((node.Children[i], null));
            }
        }

        return found;
    }

    /// <summary>Adds <paramref name="source"/>'s counts and, recursively, its children into <paramref name="target"/>.</summary>
    private static void MergeSubtree(CallNode source, CallNode target)
    {
        var pending = new Stack<(CallNode Source, CallNode Target)>();
        pending.Push((source, target));
        while (pending.Count > 0)
        {
            var (from, into) = pending.Pop();
            into.AddCounts(from);
            foreach (var child in from.Children)
            {
                pending.Push((child, into.GetOrAddChild(child)));
            }
        }
    }

    /// <summary>
    /// Sorts children into output order below <paramref name="root"/> and drops the lookup indexes; with
    /// <paramref name="subtreeIsTotal"/>, a node's subtree time is its total (the callers' tree: each part of a
    /// node's time ends there or goes on to exactly one caller).
    /// </summary>
    private static void SortAll(CallNode root, bool subtreeIsTotal = false)
    {
        var pending = new Stack<CallNode>();
        pending.Push(root);
        if (subtreeIsTotal)
        {
            root.SubtreeTicks = root.TotalTicks;
        }

        while (pending.Count > 0)
        {
            var node = pending.Pop();
            node.ReleaseIndex();
            if (subtreeIsTotal)
            {
                foreach (var child in node.ChildList)
                {
                    child.SubtreeTicks = child.TotalTicks;
                }
            }

            node.ChildList.Sort(CallNode.CompareForOutput);
            foreach (var child in node.ChildList)
            {
                pending.Push(child);
            }
        }
    }

    /// <summary>An outermost call node of a matched function and the figures of every node of that function beneath it.</summary>
    private sealed class Occurrence
    {
        public Occurrence(CallNode node) => Node = node;

        public CallNode Node { get; }

        public long Calls { get; private set; }

        /// <summary>Time on a thread's stack, each instant once per thread (<see cref="CallNode.OnStackTicks"/> less the nested part).</summary>
        public long StackTicks { get; private set; }

        public long WorkTicks { get; private set; }

        /// <summary>The outermost call's wait (<see cref="CallNode.WaitTicks"/>): it holds the waits of the calls nested in it, as <c>--top</c> counts.</summary>
        public long WaitTicks { get; private set; }

        public long UnfinishedCalls { get; private set; }

        /// <summary>The single calls' durations of every node added, once there are several.</summary>
        public DurationSketch? Durations { get; private set; }

        public void Add(CallNode node)
        {
            if (Calls > 0 || node.Calls > 1)
            {
                if (Durations == null)
                {
                    Durations = new DurationSketch();
                    if (Calls > 0)
                    {
                        Durations.Add(StackTicks); // the one call added so far
                    }
                }

                CallDurations.AddTo(Durations, node);
            }

            Calls += node.Calls;
            StackTicks += node.OnStackTicks - node.NestedStackTicks;
            WorkTicks += node.WorkTicks;
            WaitTicks += node == Node ? node.WaitTicks : 0;
            UnfinishedCalls += node.UnfinishedCalls;
        }

        public void AddTo(CallNode target)
        {
            CallDurations.Merge(target, Durations, StackTicks, take: false); // before the calls are added
            target.Calls += Calls;
            target.TotalTicks += StackTicks;
            target.OnStackTicks += StackTicks;
            target.WorkTicks += WorkTicks;
            target.WaitTicks += WaitTicks;
            target.UnfinishedCalls += UnfinishedCalls;
        }
    }
}
