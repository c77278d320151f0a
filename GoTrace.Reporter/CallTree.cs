using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace GoTrace.Reporter;

/// <summary>
/// The trace as a call tree: every thread's events replayed on a stack, calls along the same path merged,
/// the roots of all threads merged into one set. Memory grows with distinct call paths, not with events.
/// Threads are replayed in parallel, each worker into its own path table, merged at the end.
/// </summary>
public sealed class CallTree
{
    /// <summary>Event data below which starting workers costs more than it saves.</summary>
    internal const long ParallelThreshold = 4 << 20;

    /// <summary>
    /// Clock values are kept within this many ticks after the start of a trace (139 days at 3 GHz): damaged
    /// headers or chunk headers cannot make sums of durations overflow.
    /// </summary>
    internal const long MaxSpanTicks = 1L << 55;

    private readonly CallNode _root;

    private CallTree(CallNode root, double clockFrequency)
    {
        _root = root;
        ClockFrequency = clockFrequency;
    }

    /// <summary>Outermost calls of every thread, longest total first.</summary>
    public IReadOnlyList<CallNode> Roots => _root.Children;

    public double ClockFrequency { get; }

    /// <summary>Clock value tracing started at.</summary>
    public long StartTicks { get; private set; }

    /// <summary>The last clock value known: the writer's end when complete, else the latest event.</summary>
    public long EndTicks { get; private set; }

    /// <summary>Wall time of the trace, <see cref="EndTicks"/> minus <see cref="StartTicks"/>.</summary>
    public long TotalTicks => Math.Max(0, EndTicks - StartTicks);

    public double TotalSeconds => TicksToSeconds(TotalTicks);

    public bool IsComplete { get; private set; }

    public long DroppedEvents { get; private set; }

    /// <summary>Threads replayed (all of the trace's, or those a <c>--thread</c> selection kept).</summary>
    public int ThreadCount { get; private set; }

    /// <summary>Events replayed.</summary>
    public long EventCount { get; private set; }

    /// <summary>Whether <see cref="EventCount"/> means anything: not for the tree of one call cut out of a trace.</summary>
    public bool HasEventCount { get; private set; } = true;

    /// <summary>Exits that matched no open call; ignored.</summary>
    public long IgnoredExits { get; private set; }

    /// <summary>Calls closed by the exit of a call further out, without an exit of their own.</summary>
    public long ImplicitlyClosedCalls { get; private set; }

    /// <summary>Calls still open at the end of their thread's data; closed at <see cref="EndTicks"/>.</summary>
    public long UnfinishedCalls { get; private set; }

    /// <summary>Distinct call paths (nodes) of the merged tree.</summary>
    public int PathCount { get; private set; }

    /// <summary>What a reader of the report should know: incomplete trace, dropped events, anomalies.</summary>
    public IReadOnlyList<string> Notes { get; private set; } = Array.Empty<string>();

    /// <summary>What the view shows, when a view (<c>--focus</c>, <c>--callers</c>) changed the roots; empty otherwise.</summary>
    public string ViewDescription { get; private set; } = string.Empty;

    /// <summary>Nanoseconds taken out of the times per timed call (the tracer's own cost); null when times are as measured.</summary>
    public double? TracerNanosPerCall { get; private set; }

    public double TicksToSeconds(long ticks) => ticks / ClockFrequency;

    public static CallTree Build(TraceFile file) => Build(file, null, null, Environment.ProcessorCount);

    /// <summary>Builds the tree of the given threads only (all when null).</summary>
    public static CallTree Build(TraceFile file, IReadOnlyCollection<TraceThread>? threads) => Build(file, threads, null, Environment.ProcessorCount);

    /// <summary>
    /// Builds the tree: logical (work linked to where it started, across threads) when every thread is
    /// replayed and <paramref name="perThread"/> is false; otherwise each thread's own calls.
    /// </summary>
    internal static CallTree Build(TraceFile file, IReadOnlyCollection<TraceThread>? threads, ProgressCounter? progress, int maxWorkers, bool perThread = false,
        bool durations = true)
    {
        var selected = threads ?? file.Threads;
        var allThreads = threads == null || threads.Count == file.Threads.Count;
        var link = allThreads && !perThread;
        var replays = Replay(file, selected, progress, maxWorkers, link, durations);

        var counts = new ReplayCounts();
        foreach (var replay in replays)
        {
            counts.Add(replay.Counts);
        }

        var linking = link ? WorkLinker.Link(file, replays) : null;
        if (linking != null)
        {
            counts.Add(linking.Replay.Counts);
            replays.Add(linking.Replay);
        }

        // Calls still open are closed at the last clock value known for the whole trace. Events can follow the
        // writer's end: a program dying of an unhandled exception finishes its trace first, and the frames'
        // exits are written as the stack unwinds after that. The trace runs to its last event.
        var end = Math.Min(Math.Max(file.EndOfTraceTicks(counts.LatestTicks), counts.LatestTicks), LatestPossibleTicks(file));
        counts.UnfinishedCalls = 0;
        foreach (var replay in replays)
        {
            replay.CloseOpenCalls(end);
            counts.UnfinishedCalls += replay.Counts.UnfinishedCalls;
        }

        if (linking != null)
        {
            counts.UnfinishedCalls += linking.TimeAsyncCalls(replays, end);
        }

        var root = CallNode.CreateRoot();
        var paths = Merge(replays, root, file.Functions);
        root.Complete();
        var tree = new CallTree(root, file.ClockFrequency)
        {
            StartTicks = file.StartTicks,
            EndTicks = end,
            IsComplete = file.IsComplete,
            DroppedEvents = file.DroppedEvents,
            ThreadCount = selected.Count,
            EventCount = counts.Events,
            IgnoredExits = counts.IgnoredExits,
            ImplicitlyClosedCalls = counts.ImplicitlyClosedCalls,
            UnfinishedCalls = counts.UnfinishedCalls,
            PathCount = paths,
            TracerNanosPerCall = file.Compensation is { } cost && file.ClockFrequency > 0 ? cost.TimedCall / file.ClockFrequency * 1e9 : null,
        };
        var notes = TraceNotes.Describe(file, counts, allThreads);
        if (linking is { OrphanSegments: > 0 })
        {
            notes.Add($"{linking.OrphanSegments} run(s) of work whose start was not recorded show at the top level");
        }

        tree.Notes = notes;
        if (AccountingCheck.Enabled)
        {
            AccountingCheck.Verify(tree, file, link);
        }

        return tree;
    }

    /// <summary>The latest clock value a trace's figures take into account: <see cref="MaxSpanTicks"/> after its start.</summary>
    internal static long LatestPossibleTicks(TraceFile file) =>
        file.StartTicks > long.MaxValue - MaxSpanTicks ? long.MaxValue : file.StartTicks + MaxSpanTicks;

    /// <summary>A tree of its own made of <paramref name="roots"/> (one call's tree), spanning <paramref name="startTicks"/> to <paramref name="endTicks"/>.</summary>
    internal static CallTree Of(IEnumerable<CallNode> roots, double clockFrequency, long startTicks, long endTicks, string description)
    {
        var root = CallNode.CreateRoot();
        root.ChildList.AddRange(roots);
        root.Complete();
        return new CallTree(root, clockFrequency) { StartTicks = startTicks, EndTicks = endTicks, IsComplete = true, HasEventCount = false, ViewDescription = description };
    }

    /// <summary>A tree with the same facts and other roots (a view of this one).</summary>
    internal CallTree WithRoots(IEnumerable<CallNode> roots, string description)
    {
        var root = CallNode.CreateRoot();
        foreach (var node in roots)
        {
            node.Parent = null;
            root.ChildList.Add(node);
        }

        root.ChildList.Sort(CallNode.CompareForOutput);
        return new CallTree(root, ClockFrequency)
        {
            StartTicks = StartTicks,
            EndTicks = EndTicks,
            IsComplete = IsComplete,
            DroppedEvents = DroppedEvents,
            ThreadCount = ThreadCount,
            EventCount = EventCount,
            HasEventCount = HasEventCount,
            IgnoredExits = IgnoredExits,
            ImplicitlyClosedCalls = ImplicitlyClosedCalls,
            UnfinishedCalls = UnfinishedCalls,
            PathCount = PathCount,
            Notes = Notes,
            TracerNanosPerCall = TracerNanosPerCall,
            ViewDescription = description,
        };
    }

    /// <summary>Replays the threads, spread over up to <paramref name="maxWorkers"/> workers, biggest threads first.</summary>
    private static List<TreeReplay> Replay(TraceFile file, IReadOnlyCollection<TraceThread> threads, ProgressCounter? progress, int maxWorkers, bool link, bool durations)
    {
        var busy = threads.Where(t => t.ChunkCount > 0).OrderByDescending(t => t.ChunkBytes).ThenBy(t => t.ThreadIndex).ToList();
        var bytes = busy.Sum(t => t.ChunkBytes);
        var workers = bytes < ParallelThreshold ? 1 : Math.Max(1, Math.Min(maxWorkers, busy.Count));
        var assigned = new List<TraceThread>[workers];
        var load = new long[workers];
        for (var w = 0; w < workers; w++)
        {
            assigned[w] = new List<TraceThread>();
        }

        foreach (var thread in busy)
        {
            var least = Array.IndexOf(load, load.Min());
            assigned[least].Add(thread);
            load[least] += thread.ChunkBytes;
        }

        var replays = new List<TreeReplay>();
        for (var w = 0; w < workers; w++)
        {
            replays.Add(new TreeReplay(file, link) { Durations = { Enabled = durations } });
            assigned[w].Sort((a, b) => a.ThreadIndex.CompareTo(b.ThreadIndex)); // starters usually come first: fewer segments deferred
        }

        if (workers == 1)
        {
            foreach (var thread in assigned[0])
            {
                replays[0].Run(thread, progress);
            }

            return replays;
        }

        var failures = new ExceptionDispatchInfo?[workers];
        var running = new Thread[workers];
        for (var w = 0; w < workers; w++)
        {
            var worker = w;
            running[w] = new Thread(
                () =>
                {
                    try
                    {
                        foreach (var thread in assigned[worker])
                        {
                            replays[worker].Run(thread, progress);
                        }
                    }
                    catch (Exception e)
                    {
                        failures[worker] = ExceptionDispatchInfo.Capture(e);
                    }
                },
                maxStackSize: 256 * 1024)
            {
                IsBackground = true,
                Name = "gotrace-report replay " + worker,
            };
            running[w].Start();
        }

        foreach (var thread in running)
        {
            thread.Join();
        }

        // The first failure in thread order, so the message does not depend on scheduling.
        foreach (var failure in failures)
        {
            failure?.Throw();
        }

        return replays;
    }

    /// <summary>
    /// An async node waited for the part of its time (call to completion) that none of its runs of MoveNext was on a
    /// thread. Runs and completions may be replayed by different workers: taken once all are merged.
    /// </summary>
    private static void AddAsyncWaits(CallNode root)
    {
        var pending = new Stack<CallNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (node.Kind == CallKind.Async && node != root)
            {
                node.WaitTicks += Math.Max(0, node.TotalTicks - node.OnStackTicks);
            }

            foreach (var child in node.ChildList)
            {
                pending.Push(child);
            }
        }
    }

    /// <summary>Adds every worker's paths into one tree of <see cref="CallNode"/>s; returns the node count.</summary>
    private static int Merge(List<TreeReplay> replays, CallNode root, FunctionTable functions)
    {
        var paths = 0;
        var queueWaits = new Dictionary<long, (CallNode Node, long Ticks)>();
        foreach (var replay in replays)
        {
            using var table = replay.Table;
            var nodes = new CallNode[table.Count];
            nodes[0] = root;
            for (var id = 1; id < table.Count; id++)
            {
                ref var record = ref table[id];
                var parent = nodes[record.Parent];
                var before = parent.ChildList.Count;
                var node = parent.GetOrAddChild(record.Key, functions);
                paths += parent.ChildList.Count - before;
                ref var extra = ref table.Extra(id);
                replay.Durations.MergeInto(node, id);
                node.Calls += record.Calls;
                node.TotalTicks += record.Ticks;
                node.WorkTicks += record.Work;
                node.OnStackTicks += node.Kind == CallKind.Async ? extra.RunTicks : record.Ticks;
                node.NestedStackTicks += extra.Nested;
                node.UnfinishedCalls += extra.Unfinished;
                node.IsChain |= ((PathFlags)extra.Flags & PathFlags.Chain) != 0;
                node.KnowsRuns = true;
                nodes[id] = node;
            }

            foreach (var (workId, (node, ticks)) in replay.QueueWaits)
            {
                // Work begun in several replays (a Parallel body on several threads) waited until its earliest begin.
                ref var wait = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(queueWaits, workId, out var seen);
                if (!seen || ticks < wait.Ticks)
                {
                    wait = (nodes[node], ticks);
                }
            }
        }

        foreach (var (node, ticks) in queueWaits.Values)
        {
            node.WaitTicks += ticks;
        }

        AddAsyncWaits(root);
        return paths;
    }
}
