using System;
using System.Collections.Generic;
using System.Linq;

namespace GoTrace.Reporter;

/// <summary>
/// The second pass of the logical tree: once every thread was replayed and every spawn and async call
/// seen, replays the work segments the first pass deferred under their anchors, in the order they began,
/// then gives each async call its duration, from its call to the completion of its task.
/// </summary>
internal sealed class WorkLinker
{
    private readonly WorkRegistry _works;

    private WorkLinker(TreeReplay replay, WorkRegistry works)
    {
        Replay = replay;
        _works = works;
    }

    /// <summary>The replay the deferred segments went into (merged like the others).</summary>
    public TreeReplay Replay { get; }

    /// <summary>Segments of work whose spawn or async call is not in the trace (dropped, overwritten): shown at the top level.</summary>
    public int OrphanSegments { get; private set; }

    /// <summary>Null when the trace holds no work events.</summary>
    public static WorkLinker? Link(TraceFile file, List<TreeReplay> replays)
    {
        if (replays.All(r => r.Works.Count == 0 && r.Deferred.Count == 0))
        {
            return null;
        }

        var works = new WorkRegistry();
        foreach (var replay in replays)
        {
            works.AddAll(replay.Works);
        }

        var linker = new WorkLinker(new TreeReplay(file, linkWork: true, works, countEvents: false), works);
        linker.ReplayDeferred(replays.SelectMany(r => r.Deferred).ToList());
        return linker;
    }

    /// <summary>
    /// Adds each async call's time, call to completion (or to <paramref name="end"/> when its task never
    /// completed), to its node; returns how many never completed.
    /// </summary>
    public long TimeAsyncCalls(IEnumerable<TreeReplay> replays, long end)
    {
        var completed = new Dictionary<long, long>();
        foreach (var replay in replays)
        {
            foreach (var (id, ticks) in replay.Completions)
            {
                completed.TryAdd(id, ticks);
            }
        }

        long unfinished = 0;
        foreach (var (id, anchor) in _works.Entries)
        {
            if (!anchor.IsAsync)
            {
                continue;
            }

            ref var node = ref anchor.Replay.Table[anchor.Node];
            if (completed.TryGetValue(id, out var ticks))
            {
                node.Ticks += anchor.Replay.Durations.Record(anchor.Node, Math.Max(0, ticks - anchor.CallTicks));
            }
            else
            {
                node.Ticks += anchor.Replay.Durations.Record(anchor.Node, Math.Max(0, end - anchor.CallTicks));
                anchor.Replay.Table.Extra(anchor.Node).Unfinished++;
                unfinished++;
            }
        }

        return unfinished;
    }

    private void ReplayDeferred(List<DeferredSegment> pending)
    {
        while (pending.Count > 0)
        {
            // In the order they began: work starts before it runs, so its anchor is known by then.
            pending.Sort(static (a, b) => a.BeginTicks != b.BeginTicks
                ? a.BeginTicks.CompareTo(b.BeginTicks)
                : (a.Thread.ThreadIndex, a.Chunk, a.Index).CompareTo((b.Thread.ThreadIndex, b.Chunk, b.Index)));
            var waiting = new List<DeferredSegment>();
            var progressed = false;
            foreach (var segment in pending)
            {
                if (_works.TryGet(segment.WorkId, out _))
                {
                    Replay.RunSegment(segment);
                    progressed = true;
                }
                else
                {
                    waiting.Add(segment);
                }
            }

            if (!progressed)
            {
                // Nothing left has a known start: hang them at the top level, marked as spawned work.
                foreach (var segment in waiting)
                {
                    _works.Add(segment.WorkId, WorkAnchor.Spawned(Replay, 0));
                    Replay.RunSegment(segment);
                    OrphanSegments++;
                }

                waiting.Clear();
            }

            waiting.AddRange(Replay.Deferred);
            Replay.Deferred.Clear();
            pending = waiting;
        }
    }
}
