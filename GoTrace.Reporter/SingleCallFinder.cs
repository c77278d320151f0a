using System;
using System.Collections.Generic;
using System.Linq;

namespace GoTrace.Reporter;

/// <summary>One call of a function that <c>--slowest</c> or <c>--calls-of</c> asked for.</summary>
internal sealed class SingleCall
{
    public SingleCall(int functionId, long startTicks, TraceThread thread, CallNode? root)
    {
        FunctionId = functionId;
        StartTicks = startTicks;
        Thread = thread;
        Root = root;
    }

    public int FunctionId { get; }

    public long StartTicks { get; }

    /// <summary>The thread the call started on.</summary>
    public TraceThread Thread { get; }

    public long EndTicks { get; set; }

    public long DurationTicks => Math.Max(0, EndTicks - StartTicks);

    /// <summary>Still running when the trace ended (it counts until the end).</summary>
    public bool Unfinished { get; set; }

    /// <summary>The call and everything it did (its calls, its async calls, the work it started), merged by path; null when not asked for.</summary>
    public CallNode? Root { get; }

    /// <summary>A call inside another followed call (not reported on its own): it counts in the distribution of all calls.</summary>
    public bool IsNested { get; init; }

    /// <summary>Spawned work this call started whose runs may still come; forgotten when the call ends.</summary>
    public List<long>? Spawns { get; set; }
}

/// <summary>
/// Finds every call of some functions in the logical tree, replayed in time order (<see cref="TimelineMerge"/>): a
/// call is its function's enter to its exit, an async method's call to the completion of its task. Only outermost
/// calls count (a call inside another call of a matched function belongs to that one, as <c>--focus</c> merges
/// them). With <paramref name="buildTrees"/>, each call gets its own tree while it runs: its calls, async calls and
/// the work it starts (whichever thread runs them), merged by path. Work a call started that begins after the call
/// ended is not part of it. Ended calls go to <paramref name="ended"/>; memory holds the calls running at a time.
/// </summary>
internal sealed class SingleCallFinder : IMergedTimelineVisitor
{
    private readonly TraceFile _file;
    private readonly bool[] _targets;
    private readonly HashSet<int>? _startThreads;
    private readonly bool _buildTrees;
    private readonly long _endTicks;
    private readonly Action<SingleCall> _ended;
    private readonly ThreadStacks<Frame, Segment>?[] _threads;
    private readonly Dictionary<long, Binding> _spawns = new();
    private readonly Dictionary<long, AsyncCall> _asyncCalls = new();

    /// <param name="startThreads">Thread indexes a call must start on (null: any).</param>
    /// <param name="endTicks">The end of the trace: calls closed there had not returned.</param>
    public SingleCallFinder(TraceFile file, Func<FunctionInfo, bool> matches, IReadOnlyCollection<TraceThread>? startThreads, bool buildTrees,
        long endTicks, Action<SingleCall> ended)
    {
        _file = file;
        _targets = new bool[file.Functions.Count];
        for (var id = 0; id < _targets.Length; id++)
        {
            _targets[id] = file.Functions.TryGetFunction(id, out var function) && matches(function);
        }

        _startThreads = startThreads?.Select(t => t.ThreadIndex).ToHashSet();
        _buildTrees = buildTrees;
        _endTicks = endTicks;
        _ended = ended;
        _threads = new ThreadStacks<Frame, Segment>?[file.Threads.Count == 0 ? 0 : file.Threads.Max(t => t.ThreadIndex) + 1];
    }

    public void Open(TraceThread thread, int functionId, long ticks, int depth)
    {
        var state = State(thread);
        ref var frame = ref state.Frame(depth);
        frame = new Frame { StartTicks = ticks };
        Binding parent;
        var kind = CallKind.Call;
        if (state.SegmentCount > 0 && state.TopSegment.BaseDepth == depth - 1)
        {
            ref var segment = ref state.TopSegment;
            if (segment.AbsorbPending && segment.AsyncFunction == functionId)
            {
                // The async call's run of MoveNext is the async call itself.
                segment.AbsorbPending = false;
                frame.Absorbed = true;
                frame.Binding = segment.Binding;
                return;
            }

            segment.AbsorbPending = false;
            parent = segment.Binding;
            kind = segment.AsyncFunction >= 0 ? CallKind.Call : CallKind.Spawned;
        }
        else
        {
            parent = depth > 1 ? state.Frame(depth - 1).Binding : default;
        }

        if (parent.Call != null)
        {
            frame.Binding = new Binding(parent.Call, Child(parent.Node, functionId, kind));
            if (IsTarget(functionId, thread))
            {
                frame.Nested = new SingleCall(functionId, ticks, thread, null) { IsNested = true };
            }
        }
        else if (IsTarget(functionId, thread))
        {
            var call = Start(functionId, ticks, thread);
            frame.Binding = new Binding(call, call.Root);
            frame.Owns = true;
        }
    }

    public void Close(TraceThread thread, int functionId, long exitTicks, int depth)
    {
        var state = State(thread);
        ref var frame = ref state.Frame(depth);
        if (!frame.Absorbed)
        {
            var ticks = Math.Max(0, exitTicks - frame.StartTicks);
            AddTime(frame.Binding.Node, ticks);
            if (frame.Owns)
            {
                End(frame.Binding.Call!, exitTicks, unfinished: exitTicks >= _endTicks);
            }
            else if (frame.Nested != null)
            {
                End(frame.Nested, exitTicks, unfinished: exitTicks >= _endTicks);
            }
        }

        frame = default;
    }

    /// <summary>Counted calls have no time: no single call to find.</summary>
    public void Count(TraceThread thread, int functionId, long calls, int depth)
    {
    }

    public void Work(TraceThread thread, WorkWhat what, long workId, int functionId, long ticks, int depth)
    {
        var state = State(thread);
        switch (what)
        {
            case WorkWhat.Spawn:
                if (Innermost(state, depth) is { Call: { } starter } binding)
                {
                    _spawns[workId] = binding;
                    (starter.Spawns ??= new List<long>()).Add(workId);
                }

                break;
            case WorkWhat.AsyncCall:
                var caller = Innermost(state, depth);
                if (caller.Call != null)
                {
                    var nested = IsTarget(functionId, thread) ? new SingleCall(functionId, ticks, thread, null) { IsNested = true } : null;
                    _asyncCalls[workId] = new AsyncCall(new Binding(caller.Call, Child(caller.Node, functionId, CallKind.Async)), functionId, ticks, false, nested);
                }
                else if (IsTarget(functionId, thread))
                {
                    var call = Start(functionId, ticks, thread);
                    _asyncCalls[workId] = new AsyncCall(new Binding(call, call.Root), functionId, ticks, true, null);
                }

                break;
            case WorkWhat.Begin:
                ref var segment = ref state.PushSegment();
                segment = new Segment { WorkId = workId, BaseDepth = depth, AsyncFunction = -1 };
                if (_asyncCalls.TryGetValue(workId, out var asyncCall))
                {
                    segment.Binding = asyncCall.Binding;
                    segment.AsyncFunction = asyncCall.FunctionId;
                    segment.AbsorbPending = true;
                }
                else if (_spawns.TryGetValue(workId, out var spawner))
                {
                    segment.Binding = spawner;
                }

                break;
            case WorkWhat.End:
                state.PopSegment(workId);
                break;
            case WorkWhat.AsyncComplete:
                if (_asyncCalls.Remove(workId, out var completed))
                {
                    Complete(completed, ticks, unfinished: false);
                }

                break;
        }
    }

    /// <summary>Ends the async calls whose tasks never completed, at the end of the trace.</summary>
    public void Finish()
    {
        foreach (var call in _asyncCalls.Values.OrderByDescending(c => c.StartTicks).ToList())
        {
            Complete(call, Math.Max(_endTicks, call.StartTicks), unfinished: true);
        }

        _asyncCalls.Clear();
    }

    private bool IsTarget(int functionId, TraceThread thread) =>
        (uint)functionId < (uint)_targets.Length && _targets[functionId] && (_startThreads == null || _startThreads.Contains(thread.ThreadIndex));

    private SingleCall Start(int functionId, long ticks, TraceThread thread)
    {
        var root = _buildTrees ? new CallNode(_file.Functions[functionId], PathKey.Of(functionId, CallKind.Call), null) { Calls = 1 } : null;
        return new SingleCall(functionId, ticks, thread, root);
    }

    private void Complete(AsyncCall call, long ticks, bool unfinished)
    {
        AddTime(call.Binding.Node, Math.Max(0, ticks - call.StartTicks));
        if (call.IsRoot)
        {
            End(call.Binding.Call!, ticks, unfinished);
        }
        else
        {
            if (unfinished && call.Binding.Node != null)
            {
                call.Binding.Node.UnfinishedCalls++;
            }

            if (call.Nested != null)
            {
                End(call.Nested, ticks, unfinished);
            }
        }
    }

    private void End(SingleCall call, long endTicks, bool unfinished)
    {
        call.EndTicks = Math.Max(endTicks, call.StartTicks);
        call.Unfinished = unfinished;
        if (unfinished && call.Root != null)
        {
            call.Root.UnfinishedCalls = 1;
        }

        foreach (var id in call.Spawns ?? Enumerable.Empty<long>())
        {
            _spawns.Remove(id);
        }

        call.Spawns = null;
        _ended(call);
    }

    private CallNode? Child(CallNode? parent, int functionId, CallKind kind)
    {
        if (parent == null)
        {
            return null;
        }

        var node = parent.GetOrAddChild(PathKey.Of(functionId, kind), _file.Functions);
        node.Calls++;
        return node;
    }

    private static void AddTime(CallNode? node, long ticks)
    {
        if (node != null)
        {
            node.TotalTicks += ticks;
            (node.Durations ??= new DurationSketch { Owner = node }).Add(ticks);
        }
    }

    /// <summary>What starts work or calls an async method at <paramref name="depth"/>: the innermost open call, or the run of work it is in.</summary>
    private static Binding Innermost(ThreadStacks<Frame, Segment> state, int depth)
    {
        if (state.SegmentCount > 0 && state.TopSegment.BaseDepth == depth)
        {
            return state.TopSegment.Binding;
        }

        return depth >= 1 ? state.Frame(depth).Binding : default;
    }

    private ThreadStacks<Frame, Segment> State(TraceThread thread) => _threads[thread.ThreadIndex] ??= new(thread);

    /// <summary>Which call being followed a frame or run of work belongs to, and its node in that call's tree.</summary>
    private readonly record struct Binding(SingleCall? Call, CallNode? Node);

    /// <param name="Nested">A followed function's async call inside another followed call: it ends with its task.</param>
    private readonly record struct AsyncCall(Binding Binding, int FunctionId, long StartTicks, bool IsRoot, SingleCall? Nested);

    private struct Frame
    {
        public long StartTicks;
        public Binding Binding;

        /// <summary>This frame is the followed call itself (a synchronous one).</summary>
        public bool Owns;

        /// <summary>A call of a followed function inside another followed call: timed for the distribution only.</summary>
        public SingleCall? Nested;

        /// <summary>An async call's run of MoveNext: its time is the async call's, counted at its completion.</summary>
        public bool Absorbed;
    }

    private struct Segment : IWorkRun
    {
        public long WorkId;
        public int BaseDepth;

        readonly long IWorkRun.WorkId => WorkId;
        public Binding Binding;

        /// <summary>The async method this is a run of; -1 for spawned work.</summary>
        public int AsyncFunction;
        public bool AbsorbPending;
    }
}
