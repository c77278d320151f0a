using System.Collections.Generic;

namespace GoTrace.Reporter;

/// <summary>
/// Where a piece of work hangs in the logical tree, learnt from its spawn or async call: the node of the
/// replay that saw it, the kind its first-level calls get, and its start as the clock read it (for an async call
/// also its method): an async call's start times its call; a spawn's, how long the work sat before it ran
/// (<see cref="NoStart"/> when the spawn is not in the trace).
/// </summary>
internal readonly record struct WorkAnchor(TreeReplay Replay, int Node, int ChildKindBits, int AsyncFunction, long CallTicks)
{
    public const long NoStart = long.MinValue;

    public bool IsAsync => AsyncFunction >= 0;

    public static WorkAnchor Spawned(TreeReplay replay, int node, long spawnTicks = NoStart) =>
        new(replay, node, PathKey.Of(0, CallKind.Spawned), -1, spawnTicks);

    public static WorkAnchor AsyncCall(TreeReplay replay, int asyncNode, int function, long ticks) =>
        new(replay, asyncNode, 0, function, ticks);
}

/// <summary>Work ids and their anchors; a replay's own while replays run in parallel, then one for the whole trace.</summary>
internal sealed class WorkRegistry
{
    private readonly Dictionary<long, WorkAnchor> _anchors = new();

    public int Count => _anchors.Count;

    public IEnumerable<KeyValuePair<long, WorkAnchor>> Entries => _anchors;

    /// <summary>Records where work <paramref name="id"/> hangs; the first record of an id wins.</summary>
    public void Add(long id, WorkAnchor anchor) => _anchors.TryAdd(id, anchor);

    public bool TryGet(long id, out WorkAnchor anchor) => _anchors.TryGetValue(id, out anchor);

    public void AddAll(WorkRegistry other)
    {
        foreach (var (id, anchor) in other._anchors)
        {
            _anchors.TryAdd(id, anchor);
        }
    }
}

/// <summary>
/// A segment of work whose anchor was unknown when its thread was replayed: replayed once it is known.
/// <see cref="PresentBelow"/> are the functions on the thread's stack below it (it ran nested in their frames).
/// </summary>
/// <summary>A segment of work skipped by a replay; <paramref name="OverheadBefore"/>: the tracer's cost on its thread before its begin (fixed point).</summary>
internal readonly record struct DeferredSegment(TraceThread Thread, int Chunk, int Index, long WorkId, long BeginTicks, int[] PresentBelow, long OverheadBefore);
