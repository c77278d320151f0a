using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace GoTrace.Reporter;

/// <summary>
/// Every call of one function along one call path, merged: how often it was called and how long it took.
/// </summary>
public sealed class CallNode
{
    private const int RootKey = -1;
    private static readonly FunctionInfo RootFunction = FunctionInfo.Unknown(RootKey);

    private readonly List<CallNode> _children = new();

    // Children by path key, while the tree is assembled: open addressing, keys stored plus one (0 = empty).
    private int[] _slotKeys = Array.Empty<int>();
    private CallNode[] _slotNodes = Array.Empty<CallNode>();

    internal CallNode(FunctionInfo function, int key, CallNode? parent)
    {
        Function = function;
        Key = key;
        Parent = parent;
    }

    public FunctionInfo Function { get; }

    /// <summary>How this node was reached from its parent (always <see cref="CallKind.Call"/> in version 1 traces).</summary>
    public CallKind Kind => Key == RootKey ? CallKind.Call : PathKey.Kind(Key);

    /// <summary>The caller's node; null for a root.</summary>
    public CallNode? Parent { get; internal set; }

    /// <summary>How many times the function was entered along this path.</summary>
    public long Calls { get; internal set; }

    /// <summary>Time inside these calls, callees included.</summary>
    public long TotalTicks { get; internal set; }

    /// <summary>
    /// Time inside these calls minus the time of everything under them (calls, spawned work, async calls), never below
    /// zero; for an async call no more than <see cref="WorkTicks"/>: its own code on a thread, not its waits.
    /// </summary>
    public long SelfTicks { get; internal set; }

    /// <summary>
    /// Time these calls waited off every thread (docs/work-and-wait.md): an async call, the time from its call to the
    /// completion of its task that no run of its MoveNext was on a thread (suspended at its awaits); spawned work,
    /// the time from its spawn to its first begin (in a queue, or a timer's due time). Not part of self time.
    /// </summary>
    public long WaitTicks { get; internal set; }

    /// <summary>
    /// The node's figures include its runs on threads (<see cref="WorkTicks"/>, <see cref="OnStackTicks"/>): in trees
    /// replayed from the whole trace and their views; not in the trees of single calls (<c>--slowest</c>), whose async
    /// nodes keep self time as duration less children.
    /// </summary>
    internal bool KnowsRuns { get; set; }

    /// <summary>Calls that had not returned when the trace ended.</summary>
    public long UnfinishedCalls { get; internal set; }

    /// <summary>
    /// Time these calls' own code was on top of a thread's stack: their time on the stack minus that of the
    /// frames run inside them on the same thread. An async call counts while its runs of MoveNext are on a
    /// thread (until its task completes), not while it waits. What <c>--top</c> calls self time.
    /// </summary>
    public long WorkTicks { get; internal set; }

    /// <summary>
    /// Time these calls were on a thread's stack: for a call <see cref="TotalTicks"/>; for an async call its runs of
    /// MoveNext, up to the completion of its task.
    /// </summary>
    public long OnStackTicks { get; internal set; }

    /// <summary>
    /// The part of <see cref="OnStackTicks"/> during which a call of the same function further out was already on
    /// that thread's stack (recursion, also through spawned work run inline): counted for that call already.
    /// </summary>
    public long NestedStackTicks { get; internal set; }

    /// <summary>
    /// Spawned work that started the next run of itself, again and again (a self-rescheduling chain): every run
    /// of the chain is folded into this node, so <see cref="Calls"/> counts the runs.
    /// </summary>
    public bool IsChain { get; internal set; }

    /// <summary>
    /// The time of the whole subtree: this node's self time and hidden time plus its children's subtree time.
    /// Spawned work and async calls that run after their parent returned make it larger than <see cref="TotalTicks"/>;
    /// it is what folded stacks and flame graphs give the node. Siblings are ordered by it.
    /// </summary>
    public long SubtreeTicks { get; internal set; }

    public bool HasUnfinishedCalls => UnfinishedCalls > 0;

    /// <summary>The single calls' durations, when there are several (<see cref="CallDurations"/>); null for one call.</summary>
    public DurationSketch? Durations { get; internal set; }

    /// <summary>
    /// Time of callees a view left out (<c>--depth</c>, <c>--min-percent</c>, <c>--min-duration</c>): folded
    /// stacks add it to this node so the weights still sum to the total.
    /// </summary>
    public long HiddenTicks { get; internal set; }

    /// <summary>Callees, the longest <see cref="SubtreeTicks"/> first (then the longest total).</summary>
    public IReadOnlyList<CallNode> Children => _children;

    /// <summary>Function id and kind (<see cref="PathKey"/>); -1 for the invisible root.</summary>
    internal int Key { get; }

    internal int FunctionId => Key == RootKey ? RootKey : PathKey.FunctionId(Key);

    internal List<CallNode> ChildList => _children;

    internal static CallNode CreateRoot() => new(RootFunction, RootKey, null);

    /// <summary>A node outside any tree with the same function and kind, no counts and no children.</summary>
    internal CallNode CopyDetached(CallNode? parent) => new(Function, Key, parent) { IsChain = IsChain, KnowsRuns = KnowsRuns };

    /// <summary>Adds <paramref name="other"/>'s counts and times (not its children) to this node's.</summary>
    internal void AddCounts(CallNode other)
    {
        CallDurations.Merge(this, other); // before the calls are added: it looks at this node's count
        Calls += other.Calls;
        TotalTicks += other.TotalTicks;
        SelfTicks += other.SelfTicks;
        WaitTicks += other.WaitTicks;
        UnfinishedCalls += other.UnfinishedCalls;
        HiddenTicks += other.HiddenTicks;
        WorkTicks += other.WorkTicks;
        OnStackTicks += other.OnStackTicks;
        NestedStackTicks += other.NestedStackTicks;
        SubtreeTicks += other.SubtreeTicks;
        IsChain |= other.IsChain;
        KnowsRuns |= other.KnowsRuns;
    }

    /// <summary>Finds the callee node for a path key, creating it on first sight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal CallNode GetOrAddChild(int key, FunctionTable functions)
    {
        var keys = _slotKeys;
        var slot = key & (keys.Length - 1);
        return keys.Length != 0 && keys[slot] == key + 1 ? _slotNodes[slot] : FindOrAddChild(key, functions);
    }

    /// <summary>Like <see cref="GetOrAddChild(int, FunctionTable)"/> for a child that copies <paramref name="like"/>'s function.</summary>
    internal CallNode GetOrAddChild(CallNode like)
    {
        var keys = _slotKeys;
        var slot = like.Key & (keys.Length - 1);
        return keys.Length != 0 && keys[slot] == like.Key + 1 ? _slotNodes[slot] : FindOrAddChild(like.Key, null, like.Function);
    }

    /// <summary>The child with <paramref name="key"/> for <paramref name="function"/>, created on first sight.</summary>
    internal CallNode GetOrAddChild(FunctionInfo function, int key)
    {
        var keys = _slotKeys;
        var slot = key & (keys.Length - 1);
        return keys.Length != 0 && keys[slot] == key + 1 ? _slotNodes[slot] : FindOrAddChild(key, null, function);
    }

    private CallNode FindOrAddChild(int key, FunctionTable? functions, FunctionInfo? function = null)
    {
        if (_slotKeys.Length != 0)
        {
            var mask = _slotKeys.Length - 1;
            for (var slot = key & mask; _slotKeys[slot] != 0; slot = (slot + 1) & mask)
            {
                if (_slotKeys[slot] == key + 1)
                {
                    return _slotNodes[slot];
                }
            }
        }

        var child = new CallNode(function ?? functions![PathKey.FunctionId(key)], key, Key == RootKey ? null : this);
        _children.Add(child);
        if (_children.Count * 2 > _slotKeys.Length)
        {
            Rehash(Math.Max(4, _slotKeys.Length * 2));
        }
        else
        {
            Insert(child);
        }

        return child;
    }

    /// <summary>Rebuilds the open-addressing index of children (keys stored plus one, 0 = empty).</summary>
    private void Rehash(int capacity)
    {
        _slotKeys = new int[capacity];
        _slotNodes = new CallNode[capacity];
        foreach (var child in _children)
        {
            Insert(child);
        }
    }

    private void Insert(CallNode child)
    {
        var mask = _slotKeys.Length - 1;
        var slot = child.Key & mask;
        while (_slotKeys[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }

        _slotKeys[slot] = child.Key + 1;
        _slotNodes[slot] = child;
    }

    /// <summary>Drops the child lookup index once the node is assembled.</summary>
    internal void ReleaseIndex()
    {
        _slotKeys = Array.Empty<int>();
        _slotNodes = Array.Empty<CallNode>();
    }

    /// <summary>Computes self and subtree times and sorts children, for this node and everything below it.</summary>
    internal void Complete()
    {
        // Children before their parents: the nodes in pre-order, visited backwards.
        var order = new List<CallNode>();
        var pending = new Stack<CallNode>();
        pending.Push(this);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            order.Add(node);
            foreach (var child in node._children)
            {
                pending.Push(child);
            }
        }

        for (var i = order.Count - 1; i >= 0; i--)
        {
            var node = order[i];
            node._slotKeys = Array.Empty<int>();
            node._slotNodes = Array.Empty<CallNode>();
            long childrenTicks = 0;
            long childrenSubtree = 0;
            foreach (var child in node._children)
            {
                // Spawned and async work is not the parent's own time either (a parent that waited for it
                // spent that time waiting); overlapping concurrent work can add up to more than the parent.
                childrenTicks += child.TotalTicks;
                childrenSubtree += child.SubtreeTicks;
            }

            // An async call's time runs from its call to its completion, awaits included: its own part is only
            // what its runs of MoveNext did on a thread (the rest is its wait).
            node.SelfTicks = Math.Max(0, node.TotalTicks - childrenTicks);
            if (node.Kind == CallKind.Async && node.KnowsRuns)
            {
                node.SelfTicks = Math.Min(node.SelfTicks, Math.Max(0, node.WorkTicks));
            }

            node.SubtreeTicks = node.SelfTicks + node.HiddenTicks + childrenSubtree;
            node._children.Sort(CompareForOutput);
        }
    }

    public override string ToString() => $"{Function.FullName} ×{Calls} {TotalTicks} ticks";

    internal static int CompareForOutput(CallNode a, CallNode b)
    {
        var bySubtree = b.SubtreeTicks.CompareTo(a.SubtreeTicks);
        if (bySubtree != 0)
        {
            return bySubtree;
        }

        var byTotal = b.TotalTicks.CompareTo(a.TotalTicks);
        if (byTotal != 0)
        {
            return byTotal;
        }

        var byCalls = b.Calls.CompareTo(a.Calls);
        if (byCalls != 0)
        {
            return byCalls;
        }

        var byName = string.CompareOrdinal(a.Function.FullName, b.Function.FullName);
        return byName != 0 ? byName : a.Key.CompareTo(b.Key);
    }
}
