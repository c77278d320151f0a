using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace GoTrace.Reporter;

/// <summary>
/// Every call of one function along one call path, merged: how often it was called and how long it took.
/// </summary>
public sealed class CallNode
{
    private const int RootFunctionId = -1;
    private static readonly FunctionInfo RootFunction = FunctionInfo.Unknown(RootFunctionId);

    private readonly List<CallNode> _children = new();

    // Children by function id, for the replay: open addressing, ids stored plus one (0 = empty).
    private int[] _slotIds = Array.Empty<int>();
    private CallNode[] _slotNodes = Array.Empty<CallNode>();

    internal CallNode(FunctionInfo function, int functionId, CallNode? parent)
    {
        Function = function;
        FunctionId = functionId;
        Parent = parent;
    }

    public FunctionInfo Function { get; }

    /// <summary>The caller's node; null for a root.</summary>
    public CallNode? Parent { get; }

    /// <summary>How many times the function was entered along this path.</summary>
    public long Calls { get; internal set; }

    /// <summary>Time inside these calls, callees included.</summary>
    public long TotalTicks { get; internal set; }

    /// <summary>Time inside these calls minus the time in their callees.</summary>
    public long SelfTicks { get; internal set; }

    /// <summary>Calls that had not returned when the trace ended.</summary>
    public long UnfinishedCalls { get; internal set; }

    public bool HasUnfinishedCalls => UnfinishedCalls > 0;

    /// <summary>Callees, longest total first.</summary>
    public IReadOnlyList<CallNode> Children => _children;

    internal int FunctionId { get; }

    internal static CallNode CreateRoot() => new(RootFunction, RootFunctionId, null);

    /// <summary>Finds the callee node for a function id, creating it on first call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal CallNode GetOrAddChild(int functionId, FunctionTable functions)
    {
        // Usually the first slot probed holds the callee.
        var ids = _slotIds;
        var slot = functionId & (ids.Length - 1);
        return ids.Length != 0 && ids[slot] == functionId + 1 ? _slotNodes[slot] : FindOrAddChild(functionId, functions);
    }

    private CallNode FindOrAddChild(int functionId, FunctionTable functions)
    {
        if (_slotIds.Length != 0)
        {
            var mask = _slotIds.Length - 1;
            for (var slot = functionId & mask; _slotIds[slot] != 0; slot = (slot + 1) & mask)
            {
                if (_slotIds[slot] == functionId + 1)
                {
                    return _slotNodes[slot];
                }
            }
        }

        var child = new CallNode(functions[functionId], functionId, FunctionId == RootFunctionId ? null : this);
        _children.Add(child);
        if (_children.Count * 2 > _slotIds.Length)
        {
            Rehash(Math.Max(4, _slotIds.Length * 2));
        }
        else
        {
            Insert(child);
        }

        return child;
    }

    /// <summary>Rebuilds the open-addressing index of children (ids stored plus one, 0 = empty).</summary>
    private void Rehash(int capacity)
    {
        _slotIds = new int[capacity];
        _slotNodes = new CallNode[capacity];
        foreach (var child in _children)
        {
            Insert(child);
        }
    }

    private void Insert(CallNode child)
    {
        var mask = _slotIds.Length - 1;
        var slot = child.FunctionId & mask;
        while (_slotIds[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }

        _slotIds[slot] = child.FunctionId + 1;
        _slotNodes[slot] = child;
    }

    /// <summary>Computes self times and sorts children, for this node and everything below it.</summary>
    internal void Complete()
    {
        var pending = new Stack<CallNode>();
        pending.Push(this);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            node._slotIds = Array.Empty<int>();
            node._slotNodes = Array.Empty<CallNode>();
            long childrenTicks = 0;
            foreach (var child in node._children)
            {
                childrenTicks += child.TotalTicks;
                pending.Push(child);
            }

            node.SelfTicks = Math.Max(0, node.TotalTicks - childrenTicks);
            node._children.Sort(CompareForOutput);
        }
    }

    public override string ToString() => $"{Function.FullName} ×{Calls} {TotalTicks} ticks";

    private static int CompareForOutput(CallNode a, CallNode b)
    {
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
        return byName != 0 ? byName : a.FunctionId.CompareTo(b.FunctionId);
    }
}
