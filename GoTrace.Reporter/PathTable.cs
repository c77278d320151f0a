using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GoTrace.Reporter;

/// <summary>
/// The merged call paths of a replay: one 64-byte, cache-line-aligned record per node (node 0 is the root)
/// holding its counts, its parent and key, and its first four children, beside a record of the figures
/// that change rarely (<see cref="PathExtra"/>). A node's fifth and later children are found through an
/// open-addressing hash on (parent, key). Entering a call touches the caller's line (already hot) and the
/// callee's; memory grows with distinct call paths, never with events.
/// </summary>
internal sealed unsafe class PathTable : IDisposable
{
    public const int InlineChildren = 4;
    private const int EmptyKey = -1;

    private PathNode* _nodes;
    private PathExtra* _extras;
    private int _capacity;
    private Slot[] _slots;
    private int _mask;
    private int _overflowCount;

    public PathTable(int capacity = 4096)
    {
        _capacity = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity));
        _nodes = (PathNode*)NativeMemory.AlignedAlloc((nuint)_capacity * (nuint)sizeof(PathNode), 64);
        _extras = (PathExtra*)NativeMemory.AlignedAlloc((nuint)_capacity * (nuint)sizeof(PathExtra), 64);
        _slots = new Slot[64];
        _mask = _slots.Length - 1;
        Init(0, -1, EmptyKey);
        Count = 1;
    }

    ~PathTable()
    {
        Free();
    }

    /// <summary>Nodes in use, the root included. A node's parent always has a smaller id.</summary>
    public int Count { get; private set; }

    /// <summary>The node records; moves when the table grows (after <see cref="GetOrAdd"/> adds a node).</summary>
    public PathNode* Nodes => _nodes;

    /// <summary>Bytes held, for the memory budget.</summary>
    public long Bytes => ((long)_capacity * (sizeof(PathNode) + sizeof(PathExtra))) + ((long)_slots.Length * sizeof(Slot));

    public ref PathNode this[int node] => ref _nodes[node];

    /// <summary>The node's rarely changing figures; moves when the table grows.</summary>
    public ref PathExtra Extra(int node) => ref _extras[node];

    /// <summary>The child of <paramref name="parent"/> with <paramref name="key"/>, created on first sight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetOrAdd(int parent, int key)
    {
        var children = &_nodes[parent].ChildKey0;
        if (children[0] == key)
        {
            return children[1];
        }

        if (children[2] == key)
        {
            return children[3];
        }

        if (children[4] == key)
        {
            return children[5];
        }

        if (children[6] == key)
        {
            return children[7];
        }

        return AddChild(parent, key);
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    /// <summary>A child not among the first four: a new inline one, or one in the overflow hash.</summary>
    private int AddChild(int parent, int key)
    {
        var children = &_nodes[parent].ChildKey0;
        for (var i = 0; i < InlineChildren * 2; i += 2)
        {
            if (children[i] == EmptyKey)
            {
                var node = Add(parent, key);
                children = &_nodes[parent].ChildKey0; // the table may have moved
                children[i] = key;
                children[i + 1] = node;
                return node;
            }
        }

        return GetOrAddOverflow(parent, key);
    }

    private int GetOrAddOverflow(int parent, int key)
    {
        var packed = ((long)parent << 32) | (uint)key;
        var slot = Hash(packed) & _mask;
        while (true)
        {
            ref var entry = ref _slots[slot];
            if (entry.Node == 0)
            {
                var node = Add(parent, key);
                entry.Key = packed;
                entry.Node = node;
                if (++_overflowCount * 2 > _slots.Length)
                {
                    GrowSlots();
                }

                return node;
            }

            if (entry.Key == packed)
            {
                return entry.Node;
            }

            slot = (slot + 1) & _mask;
        }
    }

    private static int Hash(long packed) => (int)(((ulong)packed * 0x9E3779B97F4A7C15UL) >> 32);

    private int Add(int parent, int key)
    {
        if (Count == _capacity)
        {
            var capacity = checked(_capacity * 2);
            var grown = (PathNode*)NativeMemory.AlignedAlloc((nuint)capacity * (nuint)sizeof(PathNode), 64);
            Buffer.MemoryCopy(_nodes, grown, (long)capacity * sizeof(PathNode), (long)Count * sizeof(PathNode));
            NativeMemory.AlignedFree(_nodes);
            _nodes = grown;
            var extras = (PathExtra*)NativeMemory.AlignedAlloc((nuint)capacity * (nuint)sizeof(PathExtra), 64);
            Buffer.MemoryCopy(_extras, extras, (long)capacity * sizeof(PathExtra), (long)Count * sizeof(PathExtra));
            NativeMemory.AlignedFree(_extras);
            _extras = extras;
            _capacity = capacity;
        }

        var node = Count++;
        Init(node, parent, key);
        return node;
    }

    private void Init(int node, int parent, int key)
    {
        _extras[node] = default;
        ref var record = ref _nodes[node];
        record = default;
        record.Parent = parent;
        record.Key = key;
        var children = &_nodes[node].ChildKey0;
        for (var i = 0; i < InlineChildren * 2; i += 2)
        {
            children[i] = EmptyKey;
        }
    }

    private void GrowSlots()
    {
        var old = _slots;
        _slots = new Slot[old.Length * 2];
        _mask = _slots.Length - 1;
        foreach (var entry in old)
        {
            if (entry.Node != 0)
            {
                var slot = Hash(entry.Key) & _mask;
                while (_slots[slot].Node != 0)
                {
                    slot = (slot + 1) & _mask;
                }

                _slots[slot] = entry;
            }
        }
    }

    private void Free()
    {
        if (_nodes != null)
        {
            NativeMemory.AlignedFree(_nodes);
            NativeMemory.AlignedFree(_extras);
            _nodes = null;
            _extras = null;
        }
    }

    private struct Slot
    {
        public long Key;
        public int Node;
    }
}

/// <summary>One call path's record: counts, identity, and the first four children as (key, node) pairs.</summary>
[StructLayout(LayoutKind.Sequential, Size = 64)]
internal struct PathNode
{
    public long Calls;

    /// <summary>Time of the calls, as the tree shows it (an async call: from its call to the completion of its task).</summary>
    public long Ticks;

    /// <summary>Time the calls' own code was on top of a thread's stack (<see cref="CallNode.WorkTicks"/>).</summary>
    public long Work;
    public int Parent;
    public int Key;
    public int ChildKey0;
    public int ChildNode0;
    public int ChildKey1;
    public int ChildNode1;
    public int ChildKey2;
    public int ChildNode2;
    public int ChildKey3;
    public int ChildNode3;
}

/// <summary>A call path's figures that change rarely: beside <see cref="PathNode"/>, so that its line stays 64 bytes.</summary>
[StructLayout(LayoutKind.Sequential, Size = 32)]
internal struct PathExtra
{
    public long Unfinished;

    /// <summary>An async node: time its runs of MoveNext were on a thread's stack, up to the completion of its task.</summary>
    public long RunTicks;

    /// <summary>Time the calls were on a thread's stack while an outer call of the same function already was (<see cref="CallNode.NestedStackTicks"/>).</summary>
    public long Nested;

    /// <summary><see cref="PathFlags"/>.</summary>
    public long Flags;
}

/// <summary>What a path record says about its node beyond its counts.</summary>
[System.Flags]
internal enum PathFlags
{
    None = 0,

    /// <summary>Spawned work that started the next run of itself: the runs of the chain are folded into this node.</summary>
    Chain = 1,
}
