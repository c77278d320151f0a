using System;
using System.Runtime.CompilerServices;

namespace GoTrace.Reporter;

/// <summary>
/// A replay's side table of single-call durations, keyed by path node id (<see cref="PathTable"/>): each node's
/// first duration as it is, a <see cref="DurationSketch"/> from its second on. Fed where the replay adds a call's
/// duration to its node's total (the same value), merged into the tree by <see cref="CallDurations.Merge"/>.
/// 16 bytes a node, plus a sketch for each node with more than one call.
/// </summary>
internal sealed class DurationTable
{
    private Slot[] _slots = new Slot[1024];

    /// <summary>Bytes held, sketches included.</summary>
    public long Bytes
    {
        get
        {
            var bytes = 16L * _slots.Length;
            foreach (var slot in _slots)
            {
                bytes += slot.Sketch?.Bytes ?? 0;
            }

            return bytes;
        }
    }

    /// <summary>Records one call of <paramref name="node"/> that took <paramref name="ticks"/>; returns <paramref name="ticks"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Record(int node, long ticks)
    {
        if ((uint)node >= (uint)_slots.Length)
        {
            Grow(node);
        }

        ref var slot = ref _slots[node];
        if (slot.Sketch != null)
        {
            slot.Sketch.Add(ticks);
        }
        else if (slot.FirstPlusOne == 0)
        {
            slot.FirstPlusOne = Math.Max(0, ticks) + 1;
        }
        else
        {
            Second(ref slot, ticks);
        }

        return ticks;
    }

    /// <summary>Hands node <paramref name="id"/>'s durations to <paramref name="node"/> of the tree (before its counts are added).</summary>
    public void MergeInto(CallNode node, int id)
    {
        if ((uint)id < (uint)_slots.Length && _slots[id].FirstPlusOne != 0)
        {
            CallDurations.Merge(node, _slots[id].Sketch, _slots[id].FirstPlusOne - 1, take: true);
        }
    }

    private static void Second(ref Slot slot, long ticks)
    {
        var sketch = new DurationSketch();
        sketch.Add(slot.FirstPlusOne - 1);
        sketch.Add(ticks);
        slot.Sketch = sketch;
    }

    private void Grow(int node) => Array.Resize(ref _slots, (int)Math.Min(int.MaxValue, Math.Max(_slots.Length * 2L, node + 1L)));

    private struct Slot
    {
        /// <summary>The first duration plus one; 0 while the node has none.</summary>
        public long FirstPlusOne;

        /// <summary>Every duration, once there are two.</summary>
        public DurationSketch? Sketch;
    }
}
