using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace GoTrace.Reporter;

/// <summary>
/// Turns the logical tree's calls, seen in time order (<see cref="TimelineMerge"/>), into spans: one per call at
/// or above the threshold, an async call as one span from its call to the completion of its task (its runs of
/// MoveNext are that span, the calls they make its children), the first calls of spawned work as children of
/// the call that started it. A span is made (its id drawn) only when it is known to be shown: when it ends long
/// enough, or earlier when a shown call under it needs its parent's id — any call still open then outlasts
/// that child, so it is shown too. Calls under the threshold are counted into the nearest shown call above
/// them (<c>gotrace.hidden_calls</c>, and per function for its own hidden children). An async call or a run of
/// spawned work that started inside a recorded <c>Activity</c> other than its logical parent's is a child of that
/// activity's span, in its trace (<see cref="OtlpActivityLinks"/>); any other root call starts a trace of its own.
/// Memory: the open calls, and one small node per piece of work whose runs may still come.
/// </summary>
internal sealed class OtlpSpanBuilder : IMergedTimelineVisitor
{
    private const int MaxHiddenFunctions = 16;

    private readonly TraceFile _file;
    private readonly IOtlpSpanSink _sink;
    private readonly long _minTicks;
    private readonly ThreadStacks<Frame, Segment>?[] _threads;
    private readonly Dictionary<long, SpawnSite> _spawns = new();
    private readonly OtlpActivityLinks _activities;
    private readonly Dictionary<long, SpanNode> _asyncCalls = new();
    private readonly List<SpanNode> _chain = new();

    public OtlpSpanBuilder(TraceFile file, IOtlpSpanSink sink, long minTicks)
    {
        _file = file;
        _sink = sink;
        _minTicks = Math.Max(0, minTicks);
        _threads = new ThreadStacks<Frame, Segment>?[file.Threads.Count == 0 ? 0 : file.Threads.Max(t => t.ThreadIndex) + 1];
        _activities = new OtlpActivityLinks(file.Activities, _threads.Length);
    }

    /// <summary>Spans handed to the sink.</summary>
    public long Spans { get; private set; }

    /// <summary>Calls under the threshold counted into a shown span's attributes.</summary>
    public long HiddenCalls { get; private set; }

    /// <summary>Calls under the threshold whose shown parent had already ended (work that outlived its starter): counted nowhere else.</summary>
    public long UnattributedCalls { get; private set; }

    /// <summary>Runs of work whose start is not in the trace (dropped events): roots of their own traces.</summary>
    public long OrphanRuns { get; private set; }

    public void Open(TraceThread thread, int functionId, long ticks, int depth)
    {
        var state = State(thread);
        ref var frame = ref state.Frame(depth);
        frame = new Frame { FunctionId = functionId, StartTicks = ticks };
        if (state.SegmentCount > 0 && state.TopSegment.BaseDepth == depth - 1)
        {
            ref var segment = ref state.TopSegment;
            if (segment.AbsorbPending && segment.Binding != null && segment.Binding.FunctionId == functionId)
            {
                // The async call's run of MoveNext is the async span itself.
                segment.AbsorbPending = false;
                frame.Absorbed = true;
                frame.Node = segment.Binding;
                return;
            }

            segment.AbsorbPending = false;
            frame.IsTop = true;
            frame.LogicalParent = segment.Binding;
            frame.Kind = segment.IsAsync ? SpanKind.Call : SpanKind.Spawned;
            frame.Activity = segment.IsAsync ? default : segment.Activity;
        }
        else if (depth == 1)
        {
            // A root call: inside the activity the thread is in, if any (a synchronous request handler), when
            // the runtime followed each thread's activity.
            frame.IsTop = true;
            frame.Kind = SpanKind.Call;
            frame.Activity = _activities.CurrentForRoots(thread);
        }
    }

    public void Close(TraceThread thread, int functionId, long exitTicks, int depth)
    {
        var state = State(thread);
        ref var frame = ref state.Frame(depth);
        if (frame.Absorbed)
        {
            frame = default;
            return; // the async span ends when its task completes
        }

        var duration = Math.Max(0, exitTicks - frame.StartTicks);
        var node = frame.Node;
        if (node?.Activity != null || duration >= _minTicks)
        {
            node ??= NodeAt(state, depth);
            End(node, exitTicks, unfinished: false);
        }
        else
        {
            var parent = frame.IsTop ? frame.LogicalParent : state.Frame(depth - 1).Node ?? NodeAt(state, depth - 1);
            Hide(parent, functionId, duration, 1 + (node?.HiddenCalls ?? 0));
            if (node != null)
            {
                node.State = NodeState.Hidden;
                node.Hidden = null;
            }
        }

        frame = default;
    }

    /// <summary>Counted calls: no time, so never a span; counted in the nearest shown call above them, like a short call.</summary>
    public void Count(TraceThread thread, int functionId, long calls, int depth)
    {
        var state = State(thread);
        var parent = depth < 1 ? null : state.Frame(depth).Node ?? NodeAt(state, depth);
        while (parent is { State: NodeState.Hidden })
        {
            parent = parent.Parent;
        }

        if (parent is not { State: NodeState.Open })
        {
            UnattributedCalls += calls;
            return;
        }

        parent.AddHidden(functionId, 0, calls);
        HiddenCalls += calls;
    }

    public void Work(TraceThread thread, WorkWhat what, long workId, int functionId, long ticks, int depth)
    {
        var state = State(thread);
        switch (what)
        {
            case WorkWhat.Activity:
                _activities.Record(thread, workId);
                break;
            case WorkWhat.Spawn:
                _spawns.TryAdd(workId, new SpawnSite(Innermost(state, depth), _activities.Current(thread)));
                break;
            case WorkWhat.AsyncCall:
                var caller = Innermost(state, depth);
                var activity = _activities.Current(thread);
                var asyncCall = new SpanNode(functionId, ticks, thread, caller, caller == null && !OtlpActivityLinks.IsSet(activity) ? SpanKind.Call : SpanKind.Async, activity);
                _asyncCalls[workId] = asyncCall;
                break;
            case WorkWhat.Begin:
                ref var segment = ref state.PushSegment();
                segment = new Segment { WorkId = workId, BaseDepth = depth };
                if (_asyncCalls.TryGetValue(workId, out var called))
                {
                    segment.Binding = called;
                    segment.IsAsync = true;
                    segment.AbsorbPending = true;
                }
                else if (_spawns.TryGetValue(workId, out var spawn))
                {
                    segment.Binding = spawn.Starter;
                    segment.Activity = spawn.Activity;
                }
                else
                {
                    OrphanRuns++;
                }

                break;
            case WorkWhat.End:
                state.PopSegment(workId);
                break;
            case WorkWhat.AsyncComplete:
                if (_asyncCalls.Remove(workId, out var completed))
                {
                    EndAsync(completed, ticks, unfinished: false);
                }

                break;
        }
    }

    /// <summary>Ends the async calls whose tasks never completed, at the end of the trace (innermost first).</summary>
    public void Finish(long endTicks)
    {
        foreach (var node in _asyncCalls.Values.OrderByDescending(n => n.StartTicks).ToList())
        {
            EndAsync(node, Math.Max(endTicks, node.StartTicks), unfinished: true);
        }

        _asyncCalls.Clear();
    }

    private ThreadStacks<Frame, Segment> State(TraceThread thread) => _threads[thread.ThreadIndex] ??= new(thread);

    /// <summary>The node of the innermost open call at <paramref name="depth"/> (what starts work there), or of the run it is in.</summary>
    private SpanNode? Innermost(ThreadStacks<Frame, Segment> state, int depth)
    {
        if (depth >= 1)
        {
            return state.Frame(depth).Node ?? NodeAt(state, depth);
        }

        return state.SegmentCount > 0 ? state.TopSegment.Binding : null;
    }

    /// <summary>The node of the open call at <paramref name="depth"/>, made (with those of its callers) when missing.</summary>
    private SpanNode NodeAt(ThreadStacks<Frame, Segment> state, int depth)
    {
        var lowest = depth;
        while (state.Frame(lowest).Node == null && !state.Frame(lowest).IsTop && lowest > 1)
        {
            lowest--;
        }

        for (var d = lowest; d <= depth; d++)
        {
            ref var frame = ref state.Frame(d);
            if (frame.Node == null)
            {
                var parent = frame.IsTop ? frame.LogicalParent : state.Frame(d - 1).Node;
                var activity = frame.IsTop ? frame.Activity : default;
                var kind = frame.IsTop && (parent != null || OtlpActivityLinks.IsSet(activity)) ? frame.Kind : SpanKind.Call;
                frame.Node = new SpanNode(frame.FunctionId, frame.StartTicks, state.Thread, parent, kind, activity);
            }
        }

        return state.Frame(depth).Node!;
    }

    private void EndAsync(SpanNode node, long endTicks, bool unfinished)
    {
        var duration = Math.Max(0, endTicks - node.StartTicks);
        if (node.Activity != null || duration >= _minTicks)
        {
            End(node, endTicks, unfinished);
        }
        else
        {
            Hide(node.Parent, node.FunctionId, duration, 1 + node.HiddenCalls);
            node.State = NodeState.Hidden;
            node.Hidden = null;
        }
    }

    /// <summary>A call under the threshold: counted into the nearest shown call above it that is still open.</summary>
    private void Hide(SpanNode? parent, int functionId, long ticks, long calls)
    {
        while (parent is { State: NodeState.Hidden })
        {
            parent = parent.Parent;
        }

        // Each hidden call is counted once, when it ends; the calls under it were counted before.
        if (parent is not { State: NodeState.Open })
        {
            UnattributedCalls += calls;
            HiddenCalls -= calls - 1;
            return;
        }

        parent.AddHidden(functionId, ticks, calls);
        HiddenCalls++;
    }

    /// <summary>A shown call ends: its span is made if it was not yet, given its attributes and handed on.</summary>
    private void End(SpanNode node, long endTicks, bool unfinished)
    {
        var activity = Start(node);
        var function = _file.Functions[node.FunctionId];
        if (function.File.Length > 0)
        {
            activity.SetTag("code.file.path", function.File);
        }

        if (function.Line > 0)
        {
            activity.SetTag("code.line.number", function.Line);
        }

        activity.SetTag("thread.id", node.Thread.ManagedThreadId);
        if (node.Thread.Name.Length > 0)
        {
            activity.SetTag("thread.name", node.Thread.Name);
        }

        if (node.Kind != SpanKind.Call)
        {
            activity.SetTag("gotrace.kind", node.Kind == SpanKind.Async ? "async" : "spawned");
        }

        if (unfinished)
        {
            activity.SetTag("gotrace.unfinished", true);
        }

        if (node.HiddenCalls > 0)
        {
            activity.SetTag("gotrace.hidden_calls", node.HiddenCalls);
            activity.SetTag("gotrace.hidden_children", DescribeHidden(node));
        }

        _sink.Stop(activity, Math.Max(endTicks, node.StartTicks));
        node.Activity = null;
        node.Hidden = null;
        node.State = NodeState.Shown;
        Spans++;
    }

    /// <summary>The node's span, started now (with its parents' when they have none yet) if it has none.</summary>
    private Activity Start(SpanNode node)
    {
        if (node.Activity != null)
        {
            return node.Activity;
        }

        // The open callers without a span yet get one first, outermost first; hidden ones are passed over. A call
        // stitched into a recorded activity has that activity's span as its parent: the chain ends there.
        _chain.Clear();
        var above = default(ActivityContext);
        for (var at = node; at != null; at = at.Parent)
        {
            if (at.State == NodeState.Hidden)
            {
                if (OtlpActivityLinks.IsSet(at.RemoteParent))
                {
                    above = at.RemoteParent;
                    break;
                }

                continue;
            }

            if (at.State == NodeState.Shown || at.Activity != null)
            {
                above = at.Context;
                break;
            }

            _chain.Add(at);
            if (OtlpActivityLinks.IsSet(at.RemoteParent))
            {
                break;
            }
        }

        for (var i = _chain.Count - 1; i >= 0; i--)
        {
            var open = _chain[i];
            var parent = OtlpActivityLinks.IsSet(open.RemoteParent) ? open.RemoteParent : i == _chain.Count - 1 ? above : _chain[i + 1].Context;
            var function = _file.Functions[open.FunctionId];
            open.Activity = _sink.Start(function.Name, function.FullName, parent, open.StartTicks);
            open.Context = open.Activity.Context;
        }

        return node.Activity!;
    }

    /// <summary>
    /// The hidden children by function, longest first: <c>App.Cache.Get 5000 calls 2.9ms</c> (ASCII: backends
    /// show array attributes as JSON, where other characters turn into escapes).
    /// </summary>
    private string[] DescribeHidden(SpanNode node)
    {
        var entries = node.Hidden ?? new List<HiddenEntry>(0);
        var lines = entries.OrderByDescending(h => h.Ticks).ThenBy(h => h.FunctionId)
            .Select(h => string.Create(
                CultureInfo.InvariantCulture,
                $"{(h.FunctionId < 0 ? "other functions" : _file.Functions[h.FunctionId].FullName)} {h.Calls} call{(h.Calls == 1 ? string.Empty : "s")} {DurationFormat.Format(h.Ticks, _file.ClockFrequency).Replace("µs", "us", StringComparison.Ordinal)}"))
            .ToArray();
        return lines;
    }

    private enum SpanKind : byte
    {
        Call,
        Async,
        Spawned,
    }

    private enum NodeState : byte
    {
        Open,
        Shown,
        Hidden,
    }

    /// <summary>Calls under the threshold directly under a span, merged by function (-1: the rest).</summary>
    private struct HiddenEntry
    {
        public int FunctionId;
        public long Calls;
        public long Ticks;
    }

    /// <summary>A call (or async call) that may become a span, or whose id or counts others need.</summary>
    private sealed class SpanNode
    {
        /// <param name="activity">The activity recorded where it started (an async call, a run of spawned work), else none.</param>
        public SpanNode(int functionId, long startTicks, TraceThread thread, SpanNode? parent, SpanKind kind, ActivityContext activity = default)
        {
            FunctionId = functionId;
            StartTicks = startTicks;
            Thread = thread;
            Parent = parent;
            Kind = kind;
            InActivity = OtlpActivityLinks.InForce(activity, parent?.InActivity ?? default);
            RemoteParent = OtlpActivityLinks.RemoteParent(activity, parent?.InActivity ?? default);
        }

        public int FunctionId { get; }

        public long StartTicks { get; }

        public TraceThread Thread { get; }

        /// <summary>The call above it in the logical tree (for a run of work, the call that started the work); null for a root.</summary>
        public SpanNode? Parent { get; }

        public SpanKind Kind { get; }

        /// <summary>The activity it runs inside: its own recorded one, else its logical parent's.</summary>
        public ActivityContext InActivity { get; }

        /// <summary>The recorded activity whose span is its parent (one other than its logical parent's); default when none.</summary>
        public ActivityContext RemoteParent { get; }

        public NodeState State { get; set; }

        /// <summary>Its span while it is open.</summary>
        public Activity? Activity { get; set; }

        /// <summary>Its span's context, once it has one.</summary>
        public ActivityContext Context { get; set; }

        /// <summary>Calls under the threshold anywhere below it.</summary>
        public long HiddenCalls { get; private set; }

        public List<HiddenEntry>? Hidden { get; set; }

        public void AddHidden(int functionId, long ticks, long calls)
        {
            HiddenCalls += calls;
            var entries = Hidden ??= new List<HiddenEntry>(4);
            var at = entries.FindIndex(h => h.FunctionId == functionId);
            if (at < 0 && entries.Count >= MaxHiddenFunctions)
            {
                at = entries.FindIndex(h => h.FunctionId == -1);
                if (at < 0)
                {
                    entries.Add(new HiddenEntry { FunctionId = -1 });
                    at = entries.Count - 1;
                }
            }

            if (at < 0)
            {
                entries.Add(new HiddenEntry { FunctionId = functionId, Calls = 1, Ticks = ticks });
                return;
            }

            var entry = entries[at];
            entry.Calls++;
            entry.Ticks += ticks;
            entries[at] = entry;
        }
    }

    private struct Frame
    {
        public int FunctionId;
        public long StartTicks;
        public SpanNode? Node;

        /// <summary>No caller on this thread's stack: a root, or the first call of a run of work.</summary>
        public bool IsTop;

        /// <summary>For the first call of a run of work: the call that started the work (null for a root).</summary>
        public SpanNode? LogicalParent;
        public SpanKind Kind;

        /// <summary>An async call's run of MoveNext: <see cref="Node"/> is the async call.</summary>
        public bool Absorbed;

        /// <summary>For the first call of a run of spawned work: the activity recorded at the spawn.</summary>
        public ActivityContext Activity;
    }

    /// <summary>Where work was spawned: the call that started it and the activity it started inside.</summary>
    private readonly record struct SpawnSite(SpanNode? Starter, ActivityContext Activity);

    private struct Segment : IWorkRun
    {
        public long WorkId;
        public int BaseDepth;

        readonly long IWorkRun.WorkId => WorkId;
        public SpanNode? Binding;
        public bool IsAsync;
        public bool AbsorbPending;

        /// <summary>For a run of spawned work: the activity recorded at the spawn.</summary>
        public ActivityContext Activity;
    }
}

/// <summary>Where the span builder's spans go: started with their parent and start, stopped at their end.</summary>
internal interface IOtlpSpanSink
{
    Activity Start(string name, string fullName, ActivityContext parent, long startTicks);

    void Stop(Activity activity, long endTicks);
}
