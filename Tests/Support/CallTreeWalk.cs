using System;
using System.Collections.Generic;
using System.Linq;
using GoTrace.Reporter;

namespace Tests.Support;

/// <summary>Walks a call tree without recursion (chains and deep recursion make trees deep).</summary>
public static class CallTreeWalk
{
    /// <summary>Every node below <paramref name="node"/>.</summary>
    public static IEnumerable<CallNode> Descendants(this CallNode node)
    {
        var pending = new Stack<CallNode>(node.Children);
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            yield return next;
            foreach (var child in next.Children)
            {
                pending.Push(child);
            }
        }
    }

    /// <summary>Every node of the tree: its roots and what is below them.</summary>
    public static IEnumerable<CallNode> AllNodes(this CallTree tree) => tree.Roots.SelectMany(root => new[] { root }.Concat(root.Descendants()));

    /// <summary>Levels of the tree: 1 for roots alone.</summary>
    public static int Depth(this CallTree tree)
    {
        var deepest = 0;
        var pending = new Stack<(CallNode Node, int Depth)>(tree.Roots.Select(r => (r, 1)));
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            deepest = Math.Max(deepest, depth);
            foreach (var child in node.Children)
            {
                pending.Push((child, depth + 1));
            }
        }

        return deepest;
    }
}
