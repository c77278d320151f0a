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
    /// A node's total and calls are the function's time and calls reached through that chain of callers; its
    /// self time is the part whose chain ends there (no caller further out). Recursive calls count once, at
    /// their outermost call.
    /// </summary>
    public static CallTree Callers(CallTree tree, FunctionMatcher matcher)
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

            var current = root;
            Add(current, occurrence);
            for (var caller = occurrence.Parent; caller != null; caller = caller.Parent)
            {
                current = current.GetOrAddChild(caller);
                Add(current, occurrence);
            }

            current.SelfTicks += occurrence.TotalTicks;
        }

        foreach (var root in order)
        {
            SortAll(root);
        }

        return tree.WithRoots(order, "callers of " + matcher.Pattern);

        static void Add(CallNode target, CallNode occurrence)
        {
            CallDurations.Merge(target, occurrence);
            target.Calls += occurrence.Calls;
            target.TotalTicks += occurrence.TotalTicks;
            target.UnfinishedCalls += occurrence.UnfinishedCalls;
        }
    }

    /// <summary>
    /// Leaves out calls deeper than <paramref name="maxDepth"/> (roots are depth 1; null = no limit) and calls
    /// whose total is under <paramref name="minTicks"/>. A parent keeps the time of what was left out as
    /// <see cref="CallNode.HiddenTicks"/>.
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
            if (source.TotalTicks < minTicks || (maxDepth is { } max && depth > max))
            {
                if (parentCopy != null)
                {
                    parentCopy.HiddenTicks += source.TotalTicks;
                }

                continue;
            }

            var copy = source.CopyDetached(parentCopy);
            copy.Calls = source.Calls;
            copy.TotalTicks = source.TotalTicks;
            copy.SelfTicks = source.SelfTicks;
            copy.UnfinishedCalls = source.UnfinishedCalls;
            copy.HiddenTicks = source.HiddenTicks;
            copy.Durations = source.Durations;
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

    /// <summary>Adds <paramref name="source"/>'s counts and, recursively, its children into <paramref name="target"/>.</summary>
    private static void MergeSubtree(CallNode source, CallNode target)
    {
        var pending = new Stack<(CallNode Source, CallNode Target)>();
        pending.Push((source, target));
        while (pending.Count > 0)
        {
            var (from, into) = pending.Pop();
            CallDurations.Merge(into, from);
            into.Calls += from.Calls;
            into.TotalTicks += from.TotalTicks;
            into.SelfTicks += from.SelfTicks;
            into.UnfinishedCalls += from.UnfinishedCalls;
            into.HiddenTicks += from.HiddenTicks;
            foreach (var child in from.Children)
            {
                pending.Push((child, into.GetOrAddChild(child)));
            }
        }
    }

    /// <summary>Sorts children into output order below <paramref name="root"/> and drops the lookup indexes.</summary>
    private static void SortAll(CallNode root)
    {
        var pending = new Stack<CallNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            node.ReleaseIndex();
            node.ChildList.Sort(CallNode.CompareForOutput);
            foreach (var child in node.ChildList)
            {
                pending.Push(child);
            }
        }
    }
}
