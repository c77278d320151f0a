using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace GoTrace.Reporter;

/// <summary>
/// Replays the events of some threads into one <see cref="PathTable"/>: a stack of open calls per thread,
/// calls along the same path merged. One instance per worker; workers share nothing but the file.
/// <para>
/// In the logical tree (the default) work events link threads: a segment of spawned work or of an async
/// call is replayed under the node that started it (its anchor), wherever it ran. A segment whose anchor
/// this replay has not seen is skipped and kept as a <see cref="DeferredSegment"/>, replayed later by
/// <see cref="RunSegment"/> once every anchor is known. Per thread (<c>--threads</c>) work events are ignored.
/// Spawned work whose function already runs as spawned work further up its path (a chain of work that
/// starts the next piece of work) is folded into that node: one more run of it.
/// </para>
/// <para>
/// Beside the tree's times, every frame keeps what happened on its thread's stack (docs/accounting.md):
/// the time its own code was on top of the stack (<see cref="PathNode.Work"/>), and whether an outer frame
/// of the same function was already on the stack (<see cref="PathExtra.Nested"/>), from a count of each
/// function's frames on the stack. An async method's run of MoveNext stops counting at the completion of
/// its task (its caller's continuation may run inside it). Ticks never go backwards within a thread.
/// </para>
/// </summary>
internal sealed class TreeReplay
{
    // Frame keys: a call's function id; the same with AbsorbedBit for an async MoveNext run folded into its
    // async node; SegmentKey for the start of a work segment.
    private const int AbsorbedBit = 1 << 30;
    private const int SegmentKey = int.MinValue;

    // A frame that does not hold its function's presence on the stack (an outer frame of it does); a run of
    // MoveNext whose task has not completed.
    private const long NotOwner = long.MinValue;
    private const long NotCut = long.MinValue;

    // A segment frame whose queue wait is unknown (an async run, a spawn not in the trace) or already counted.
    private const long NoQueueWait = -1;

    // Name slots beyond this count frames in a dictionary (only a damaged trace has ids that far apart).
    private const int MaxDenseSlots = 1 << 20;

    // An event's delta from its chunk's base is at most 2^38 ticks.
    private const long MaxDeltaTicks = 1L << 38;

    private readonly TraceFile _file;
    private readonly ulong[] _words;
    private readonly List<(OpenFrame[] Frames, long Overhead)> _open = new();
    private readonly bool _linkWork;
    private readonly bool _countEvents;

    // Frames of each function on the stack being replayed (those still counting), by name slot: functions that
    // read the same (overloads whose parameters the trace does not record) share one.
    private int[] _present;
    private readonly int[] _nameSlots;
    private readonly int _slotsAfterTable;

    // Name slots of the functions on the stack below the deferred segment being replayed (it ran nested in their frames).
    private int[] _presentBelow = Array.Empty<int>();
    private Dictionary<int, int>? _presentBeyond;

    // The latest clock value of the thread being replayed: ticks never go backwards within a thread.
    private long _lastTicks;

    // The tracer's cost so far on the thread being replayed (ticks, fixed point: FixedPoint units a tick), taken out of
    // its clock values (docs/overhead-compensation.md); zero throughout when the replay does not compensate.
    private long _overhead;
    private readonly TracerCosts _costs;

    // When the segment being skipped began, and the latest clock value skipped.
    private long _skipBeginTicks;

    // Frame 0 holds the root so a caller always exists; open calls are frames 1 .. depth-1.
    private Frame[] _frames = new Frame[256];

    // Nesting of the work segments being skipped (0 = not skipping); the async method whose MoveNext enter,
    // due right after a segment's begin, fell into the next chunk (-1 = none).
    private int _skipNesting;
    private int _absorbPending = -1;

    // Replaying one deferred segment: stop once its frame (at this depth) is closed.
    private int _stopDepth;

    // Where the replay is, for the segments it defers.
    private TraceThread? _thread;
    private int _chunk;

    private readonly Dictionary<(TreeReplay, int), int> _importedAnchors = new();

    // Async calls made on this thread whose first run of MoveNext is being replayed, innermost last.
    private readonly List<FirstRun> _firstRuns = new();

    public TreeReplay(TraceFile file, bool linkWork = true, WorkRegistry? works = null, bool countEvents = true)
    {
        _file = file;
        _words = new ulong[file.EventBufferWords];
        _linkWork = linkWork;
        _countEvents = countEvents;
        _nameSlots = file.Functions.NameSlots;
        _slotsAfterTable = file.Functions.SlotCount - file.Functions.Count;
        _present = new int[Math.Clamp(file.Functions.SlotCount, 16, MaxDenseSlots)];
        _costs = new TracerCosts(file);
        Works = works ?? new WorkRegistry();
    }

    public PathTable Table { get; } = new();

    /// <summary>Each node's single-call durations, fed with the same values as its total.</summary>
    public DurationTable Durations { get; } = new();

    public ReplayCounts Counts { get; } = new();

    /// <summary>Anchors of the work this replay saw start (or, for the linking pass, of all work).</summary>
    public WorkRegistry Works { get; }

    /// <summary>Segments skipped because their anchor was unknown here.</summary>
    public List<DeferredSegment> Deferred { get; } = new();

    /// <summary>
    /// Spawned work that began here, by work id: the node of its first call and the clock ticks from its spawn to its
    /// earliest begin seen (the time it sat in a queue or a timer before it ran).
    /// </summary>
    public Dictionary<long, (int Node, long Ticks)> QueueWaits { get; } = new();

    /// <summary>When async calls completed: work id and clock value.</summary>
    public List<(long Id, long Ticks)> Completions { get; } = new();

    /// <summary>Replays one thread; calls left open are kept for <see cref="CloseOpenCalls"/>.</summary>
    public void Run(TraceThread thread, ProgressCounter? progress)
    {
        _skipNesting = 0;
        _absorbPending = -1;
        _stopDepth = 0;
        _lastTicks = _file.StartTicks;
        _overhead = _costs.Start;
        Replay(thread, 0, 0, progress);
    }

    /// <summary>Replays one deferred segment (its anchor must be known by <see cref="Works"/>), up to its end.</summary>
    public void RunSegment(DeferredSegment segment)
    {
        _skipNesting = 0;
        _absorbPending = -1;
        _stopDepth = 2;
        _lastTicks = segment.BeginTicks;
        _overhead = segment.OverheadBefore;

        // The frames it ran nested in are not replayed here, but their functions were on the thread's stack.
        _presentBelow = segment.PresentBelow;
        foreach (var slot in _presentBelow)
        {
            PresentCount(slot)++;
        }

        Replay(segment.Thread, segment.Chunk, segment.Index, null);
        foreach (var slot in _presentBelow)
        {
            PresentCount(slot)--;
        }

        _presentBelow = Array.Empty<int>();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void Replay(TraceThread thread, int firstChunk, int firstIndex, ProgressCounter? progress)
    {
        var table = Table;
        var nodes = table.Nodes;
        var frames = _frames;
        frames[0] = new Frame { Node = 0, Key = -1 };
        var depth = 1;
        var latest = Counts.LatestTicks;
        long events = 0;
        var lastTicks = _lastTicks;
        var overhead = _overhead;
        var costs = _costs;
        var present = _present;
        var nameSlots = _nameSlots;
        var slotsAfterTable = _slotsAfterTable;
        var words = _words;
        var chunks = thread.Chunks;
        for (var c = firstChunk; c < chunks.Count; c++)
        {
            var chunk = chunks[c];
            _thread = thread;
            _chunk = c;
            var count = _file.ReadEventWords(chunk, words);
            var baseTicks = BaseTicks(chunk);
            var i = c == firstChunk ? firstIndex : 0;
            if (_skipNesting > 0 || _absorbPending >= 0)
            {
                _lastTicks = lastTicks;
                _overhead = overhead;
                i = ContinueAtChunkStart(words, count, i, chunk, ref depth);
                lastTicks = _lastTicks;
                overhead = _overhead;
                frames = _frames;
                nodes = table.Nodes;
                present = _present;
            }

            fixed (ulong* start = words)
            {
                ref var frame0 = ref MemoryMarshal.GetArrayDataReference(frames);
                for (; i < count; i++)
                {
                    var word = start[i];
                    var kind = (uint)word & 3;
                    var key = (int)(word >> 2) & 0xFFFFFF;
                    var ticks = baseTicks + (long)(word >> 26);
                    if (costs.Enabled && kind != 0)
                    {
                        // The clock value without the tracer's cost before this clock read on this thread.
                        var cost = costs.Of(key, kind);
                        if (kind == EventWord.Exit && costs.IsCounted(key) && Unsafe.Add(ref frame0, depth - 1).Key == key)
                        {
                            // A counted member is what the JIT inlines untraced: its own time is nothing, so all of its
                            // time is the tracer's (beyond the calibrated part: its stores' cache and page misses).
                            overhead = costs.AllOfCountedCall(overhead, cost.Before, ticks - Unsafe.Add(ref frame0, depth - 1).EnterTicks);
                        }

                        var taken = (overhead + cost.Before) >> TracerCosts.FixedPointBits;
                        if (ticks - taken < lastTicks)
                        {
                            // More taken out than the clock saw since the last event (the tracer's cost varies): the
                            // excess is carried over to the next events, up to one call's cost, and no further.
                            overhead = costs.Forgive(overhead, cost.Before, ticks - lastTicks);
                            taken = (overhead + cost.Before) >> TracerCosts.FixedPointBits;
                        }

                        ticks -= taken;
                        overhead += cost.All;
                    }

                    ticks = Math.Max(ticks, lastTicks);
                    if (kind == EventWord.Enter)
                    {
                        ref var caller = ref Unsafe.Add(ref frame0, depth - 1);
                        var countBefore = table.Count;
                        var node = caller.ChildKindBits == 0 ? table.GetOrAdd(caller.Node, key) : SpawnedCall(ref caller, key | caller.ChildKindBits);
                        if (table.Count != countBefore)
                        {
                            nodes = table.Nodes;
                        }

                        nodes[node].Calls++;
                        if (depth == frames.Length)
                        {
                            Array.Resize(ref frames, frames.Length * 2);
                            _frames = frames;
                            frame0 = ref MemoryMarshal.GetArrayDataReference(frames);
                        }

                        var slot = (uint)key < (uint)nameSlots.Length ? nameSlots[key] : key + slotsAfterTable;
                        ref var frame = ref Unsafe.Add(ref frame0, depth++);
                        frame.Node = node;
                        frame.Key = key;
                        frame.Slot = slot;
                        frame.ChildKindBits = 0;
                        frame.EnterTicks = ticks;
                        frame.ChildTicks = 0;
                        ref var onStack = ref (uint)slot < (uint)present.Length ? ref present[slot] : ref PresentCount(slot);
                        frame.OwnedSince = onStack++ == 0 ? ticks : NotOwner;
                        lastTicks = ticks;
                    }
                    else if (kind == EventWord.Exit)
                    {
                        ref var top = ref Unsafe.Add(ref frame0, depth - 1);
                        if (top.Key == key)
                        {
                            var duration = ticks - top.EnterTicks;
                            ref var record = ref nodes[top.Node];
                            record.Ticks += Durations.Record(top.Node, Math.Max(0, duration));
                            record.Work += duration - top.ChildTicks;
                            ((uint)top.Slot < (uint)present.Length ? ref present[top.Slot] : ref PresentCount(top.Slot))--;
                            if (top.OwnedSince != top.EnterTicks)
                            {
                                AddNested(top.Node, top.OwnedSince, top.EnterTicks, duration);
                            }

                            Unsafe.Add(ref frame0, depth - 2).ChildTicks += duration;
                            depth--;
                        }
                        else
                        {
                            depth = ExitBelowTop(frames, depth, key, ticks, nodes);
                        }

                        lastTicks = ticks;
                    }
                    else if (kind == EventWord.Work)
                    {
                        lastTicks = ticks;
                        _lastTicks = lastTicks;
                        _overhead = overhead;
                        var next = OnWork(words, count, i, chunk, ref depth, ticks);
                        if (next < 0)
                        {
                            break; // cut before its second word: the data ends here
                        }

                        i = next;
                        lastTicks = _lastTicks;
                        overhead = _overhead;
                        frames = _frames;
                        frame0 = ref MemoryMarshal.GetArrayDataReference(frames);
                        nodes = table.Nodes;
                        present = _present;
                        if (depth < _stopDepth)
                        {
                            i++;
                            break;
                        }
                    }
                    else if (word == EventWord.EndOfData)
                    {
                        break;
                    }
                    else
                    {
                        // A count event: calls of a counted function made by the frame on top, no time of their own.
                        var calls = EventWord.CountedCalls(_file, chunk, i, word);
                        if (costs.Enabled)
                        {
                            overhead = costs.AfterCount(overhead, calls);
                        }

                        ref var caller = ref Unsafe.Add(ref frame0, depth - 1);
                        var countBefore = table.Count;
                        var node = caller.ChildKindBits == 0 ? table.GetOrAdd(caller.Node, key) : SpawnedRun(caller.Node, key | caller.ChildKindBits);
                        if (table.Count != countBefore)
                        {
                            nodes = table.Nodes;
                        }

                        nodes[node].Calls += calls;
                        Durations.RecordZeros(node, calls);
                    }
                }

                events += i;
            }

            progress?.Add(chunk.Length);
            if (depth < _stopDepth)
            {
                break;
            }
        }

        while (_firstRuns.Count > 0)
        {
            RetireFirstRun();
        }

        // Events of a thread are in time order: the last one is its latest (on the clock, the tracer's cost included).
        latest = Math.Max(latest, lastTicks + (overhead >> TracerCosts.FixedPointBits));
        _lastTicks = lastTicks;
        _overhead = overhead;
        KeepOpenFrames(depth);
        Counts.LatestTicks = latest;
        if (_countEvents)
        {
            Counts.Events += events - firstIndex;
        }
    }

    /// <summary>Closes the calls left open at <paramref name="endTicks"/>: they count until the end of the trace.</summary>
    public void CloseOpenCalls(long endTicks)
    {
        foreach (var (open, overhead) in _open)
        {
            // Innermost first: each frame's time is part of the one it is nested in. The thread's clock values
            // left out the tracer's cost before its last event: so does its end.
            long inner = 0;
            for (var d = open.Length - 1; d >= 0; d--)
            {
                var frame = open[d];
                var duration = Math.Max(0, endTicks - overhead - frame.EnterTicks);
                if (frame.Key == SegmentKey)
                {
                    // A segment has no time of its own: its frames' and the nested ones' only.
                }
                else if ((frame.Key & AbsorbedBit) == 0)
                {
                    ref var record = ref Table[frame.Node];
                    record.Ticks += Durations.Record(frame.Node, duration);
                    record.Work += Math.Max(0, duration - frame.ChildTicks - inner);
                    Table.Extra(frame.Node).Unfinished++;
                    AddNested(frame.Node, frame.OwnedSince, frame.EnterTicks, duration);
                    Counts.UnfinishedCalls++;
                }
                else if (frame.CutTicks == NotCut)
                {
                    Table[frame.Node].Work += Math.Max(0, duration - frame.ChildTicks - inner);
                    Table.Extra(frame.Node).RunTicks += duration;
                    AddNested(frame.Node, frame.OwnedSince, frame.EnterTicks, duration);
                }

                inner = duration;
            }
        }

        _open.Clear();
    }

    /// <summary>Keeps the frames still open at the end of a replay for <see cref="CloseOpenCalls"/>, and takes them off the counts of frames on the stack.</summary>
    private void KeepOpenFrames(int depth)
    {
        if (depth <= 1)
        {
            return;
        }

        var open = new OpenFrame[depth - 1];
        for (var d = 1; d < depth; d++)
        {
            var frame = _frames[d];
            open[d - 1] = new OpenFrame(frame.Node, frame.Key, frame.EnterTicks, frame.ChildTicks, frame.OwnedSince, frame.CutTicks);
            var slot = PresentSlot(frame);
            if (slot >= 0)
            {
                PresentCount(slot)--;
            }
        }

        _open.Add((open, _overhead >> TracerCosts.FixedPointBits));
    }

    /// <summary>
    /// A work event at <paramref name="i"/>: returns the index of its second word (the loop steps past it),
    /// or of the last word skipped with a deferred segment; -1 when the data ends before the second word.
    /// </summary>
    private int OnWork(ulong[] words, int count, int i, EventChunk chunk, ref int depth, long ticks)
    {
        if (!WorkEvents.TryRead(words, count, i, chunk, out var what, out var id))
        {
            return -1;
        }

        if (_countEvents)
        {
            Counts.Events--; // two words, one event
        }

        if (!_linkWork)
        {
            return i + 1;
        }

        var function = EventWord.FunctionId(words[i]);
        switch (what)
        {
            case WorkWhat.Spawn:
                Works.Add(id, WorkAnchor.Spawned(this, _frames[depth - 1].Node, ClockTicks(ticks)));
                break;
            case WorkWhat.AsyncCall:
                ref var caller = ref _frames[depth - 1];
                var asyncKey = PathKey.Of(function, CallKind.Async);
                var asyncNode = caller.Key == SegmentKey && caller.ChildKindBits != 0 ? SpawnedCall(ref caller, asyncKey) : Table.GetOrAdd(caller.Node, asyncKey);
                Table[asyncNode].Calls++;
                _firstRuns.Add(new FirstRun(id, WorkAnchor.AsyncCall(this, asyncNode, function, ClockTicks(ticks)), ticks));
                break;
            case WorkWhat.AsyncComplete:
                if (!CompleteFirstRun(id, ticks))
                {
                    // Compared with its call's clock value, maybe on another thread: as the clock read it.
                    Completions.Add((id, ClockTicks(ticks)));
                }

                CutRun(id, depth, ticks);
                break;
            case WorkWhat.Begin:
                if (!BeginFirstRun(id, out var anchor) && !Works.TryGet(id, out anchor))
                {
                    Deferred.Add(new DeferredSegment(_thread!, _chunk, i, id, ticks, PresentFunctions(depth), _overhead - _costs.WorkEvent));
                    _skipNesting = 1;
                    _skipBeginTicks = ticks;
                    return Skip(words, count, i + 2, BaseTicks(chunk), depth) - 1;
                }

                Push(depth++, new Frame
                {
                    Node = LocalNode(anchor),
                    Key = SegmentKey,
                    ChildKindBits = anchor.ChildKindBits,
                    EnterTicks = ticks,
                    WorkId = id,
                    QueueWait = anchor.IsAsync || anchor.CallTicks == WorkAnchor.NoStart ? NoQueueWait : Math.Max(0, ClockTicks(ticks) - anchor.CallTicks),
                });
                if (anchor.IsAsync)
                {
                    // The run of MoveNext that follows is the async node itself, not a call under it.
                    if (i + 2 < count && words[i + 2] != EventWord.EndOfData)
                    {
                        return TryAbsorb(words[i + 2], BaseTicks(chunk), anchor.AsyncFunction, ref depth) ? i + 2 : i + 1;
                    }

                    _absorbPending = anchor.AsyncFunction; // this chunk's data ends here: look at the next one
                }

                break;
            case WorkWhat.End:
                EndSegment(id, ref depth, ticks);
                EndFirstRun(id);
                break;
        }

        return i + 1;
    }

    // An async call's first run of MoveNext follows its call on the same thread. Most calls complete in it
    // (their awaits were already complete): those are timed on the spot and never enter the registry, which
    // then holds only calls that resumed later, maybe on another thread.

    /// <summary>The begin of the first run of the async call just made here: its anchor, from the stack of first runs.</summary>
    private bool BeginFirstRun(long id, out WorkAnchor anchor)
    {
        // A call whose first run never began (its events were lost) leaves the stack for the registry.
        while (_firstRuns.Count > 0 && !_firstRuns[^1].Begun && _firstRuns[^1].Id != id)
        {
            RetireFirstRun();
        }

        if (_firstRuns.Count > 0 && _firstRuns[^1].Id == id && !_firstRuns[^1].Begun)
        {
            _firstRuns[^1] = _firstRuns[^1] with { Begun = true };
            anchor = _firstRuns[^1].Anchor;
            return true;
        }

        anchor = default;
        return false;
    }

    private bool CompleteFirstRun(long id, long ticks)
    {
        for (var r = _firstRuns.Count - 1; r >= 0; r--)
        {
            if (_firstRuns[r].Id == id)
            {
                _firstRuns[r] = _firstRuns[r] with { CompleteTicks = ticks };
                return true;
            }
        }

        return false;
    }

    private void EndFirstRun(long id)
    {
        if (_firstRuns.Count > 0 && _firstRuns[^1].Id == id && _firstRuns[^1].Begun)
        {
            RetireFirstRun();
        }
    }

    /// <summary>Takes the innermost first run off the stack: timed if it completed, else handed to the registry for its later runs.</summary>
    private void RetireFirstRun()
    {
        var run = _firstRuns[^1];
        _firstRuns.RemoveAt(_firstRuns.Count - 1);
        if (run.CompleteTicks != long.MinValue)
        {
            Table[run.Anchor.Node].Ticks += Durations.Record(run.Anchor.Node, Math.Max(0, run.CompleteTicks - run.CallTicks));
        }
        else
        {
            Works.Add(run.Id, run.Anchor);
        }
    }

    /// <summary>The skipping or absorbing left pending by the previous chunk; returns where to go on.</summary>
    private int ContinueAtChunkStart(ulong[] words, int count, int i, EventChunk chunk, ref int depth)
    {
        if (_absorbPending >= 0)
        {
            var function = _absorbPending;
            _absorbPending = -1;
            if (i < count && TryAbsorb(words[i], BaseTicks(chunk), function, ref depth))
            {
                i++;
            }
        }

        return _skipNesting > 0 ? Skip(words, count, i, BaseTicks(chunk), depth) : i;
    }

    /// <summary>The enter of the async method's run of MoveNext, due right after its segment's begin: the async node's own frame.</summary>
    private bool TryAbsorb(ulong word, long baseTicks, int function, ref int depth)
    {
        if (EventWord.Kind(word) != EventWord.Enter || EventWord.FunctionId(word) != function)
        {
            return false;
        }

        var ticks = Compensated(word, baseTicks);
        _lastTicks = ticks;
        var asyncNode = _frames[depth - 1].Node;
        var slot = SlotOf(function);
        Push(depth++, new Frame
        {
            Node = asyncNode,
            Key = function | AbsorbedBit,
            Slot = slot,
            EnterTicks = ticks,
            OwnedSince = PresentCount(slot)++ == 0 ? ticks : NotOwner,
            CutTicks = NotCut,
        });
        return true;
    }

    /// <summary>
    /// The task of async call <paramref name="id"/> completed inside its run of MoveNext: the run stops counting
    /// for its method (what follows inside it, its caller's continuation run inline, is not the method's).
    /// </summary>
    private void CutRun(long id, int depth, long ticks)
    {
        var segment = depth - 1;
        while (segment >= 1 && !(_frames[segment].Key == SegmentKey && _frames[segment].WorkId == id))
        {
            segment--;
        }

        var run = segment + 1;
        if (segment < 1 || run >= depth || (_frames[run].Key & AbsorbedBit) == 0 || _frames[run].Key == SegmentKey || _frames[run].CutTicks != NotCut)
        {
            return;
        }

        ref var frame = ref _frames[run];
        var slot = frame.Slot;
        var duration = ticks - frame.EnterTicks;
        Table[frame.Node].Work += Math.Max(0, duration - frame.ChildTicks);
        Table.Extra(frame.Node).RunTicks += duration;
        AddNested(frame.Node, frame.OwnedSince, frame.EnterTicks, duration);
        frame.CutTicks = ticks;
        if (--PresentCount(slot) > 0 && frame.OwnedSince != NotOwner)
        {
            // Its function stays on the stack in a frame further in, which holds it from now on.
            for (var d = run + 1; d < depth; d++)
            {
                if (PresentSlot(_frames[d]) == slot)
                {
                    _frames[d].OwnedSince = ticks;
                    break;
                }
            }
        }
    }

    /// <summary>
    /// Skips the words of deferred segments from <paramref name="i"/> (segments nest: begins and ends of
    /// other work inside count too); returns the index after the end that closes them, or the chunk's end.
    /// The frame the skipped segment ran in (at <paramref name="depth"/> - 1) was not on top meanwhile.
    /// </summary>
    private int Skip(ulong[] words, int count, int i, long baseTicks, int depth)
    {
        while (i < count)
        {
            var word = words[i];
            if (word == EventWord.EndOfData)
            {
                return i;
            }

            _lastTicks = Compensated(word, baseTicks);
            if (EventWord.Kind(word) != EventWord.Work)
            {
                i++;
                continue;
            }

            if (i + 1 >= count || words[i + 1] == EventWord.EndOfData)
            {
                return i; // cut before its second word: the replay stops there
            }

            if (_countEvents)
            {
                Counts.Events--;
            }

            var what = EventWord.What(words[i + 1]);
            i += 2;
            if (what == WorkWhat.Begin)
            {
                _skipNesting++;
            }
            else if (what == WorkWhat.End && --_skipNesting == 0)
            {
                _frames[depth - 1].ChildTicks += _lastTicks - _skipBeginTicks;
                return i;
            }
        }

        return i;
    }

    /// <summary>Closes the segment of work <paramref name="id"/> and any call left open in it.</summary>
    private void EndSegment(long id, ref int depth, long ticks)
    {
        var segment = depth - 1;
        while (segment >= 1 && !(_frames[segment].Key == SegmentKey && _frames[segment].WorkId == id))
        {
            segment--;
        }

        if (segment < 1)
        {
            return; // its begin was not seen (dropped, or overwritten in ring mode)
        }

        while (depth - 1 > segment)
        {
            if ((_frames[depth - 1].Key & AbsorbedBit) == 0)
            {
                Counts.ImplicitlyClosedCalls++;
            }

            CloseFrame(depth - 1, ticks);
            depth--;
        }

        _frames[segment - 1].ChildTicks += ticks - _frames[segment].EnterTicks;
        depth--;
    }

    /// <summary>
    /// Closes the frame at <paramref name="at"/> at <paramref name="ticks"/> without its own exit (an exit further
    /// out, or the end of its segment): a call gets its time; an async method's run of MoveNext only what happened
    /// on the stack (its node's time is the whole async call).
    /// </summary>
    private void CloseFrame(int at, long ticks)
    {
        ref var frame = ref _frames[at];
        var duration = ticks - frame.EnterTicks;
        if ((frame.Key & AbsorbedBit) == 0)
        {
            Table[frame.Node].Ticks += Durations.Record(frame.Node, Math.Max(0, duration));
            Table[frame.Node].Work += Math.Max(0, duration - frame.ChildTicks);
            PresentCount(frame.Slot)--;
            AddNested(frame.Node, frame.OwnedSince, frame.EnterTicks, duration);
        }
        else if (frame.CutTicks == NotCut)
        {
            Table[frame.Node].Work += Math.Max(0, duration - frame.ChildTicks);
            Table.Extra(frame.Node).RunTicks += duration;
            PresentCount(frame.Slot)--;
            AddNested(frame.Node, frame.OwnedSince, frame.EnterTicks, duration);
        }

        _frames[at - 1].ChildTicks += duration;
    }

    /// <summary>
    /// The node of the first call of a segment of spawned work (<paramref name="segment"/> its frame): its run
    /// (<see cref="SpawnedRun"/>), which is given how long the work sat between its spawn and this begin.
    /// </summary>
    private int SpawnedCall(ref Frame segment, int key)
    {
        var node = SpawnedRun(segment.Node, key);
        if (segment.QueueWait != NoQueueWait)
        {
            // Once per work id, its earliest begin: a Parallel body or a timer begins the same work again and again.
            ref var wait = ref CollectionsMarshal.GetValueRefOrAddDefault(QueueWaits, segment.WorkId, out var seen);
            if (!seen || segment.QueueWait < wait.Ticks)
            {
                wait = (node, segment.QueueWait);
            }

            segment.QueueWait = NoQueueWait;
        }

        return node;
    }

    /// <summary>
    /// The node for a run of spawned work: a new child of the frame that started it, or, when the same function
    /// already runs as spawned work further up that path, that node (a chain: each run started the next).
    /// </summary>
    private int SpawnedRun(int parent, int key)
    {
        var table = Table;
        for (var node = parent; node != 0; node = table[node].Parent)
        {
            if (table[node].Key == key)
            {
                table.Extra(node).Flags |= (long)PathFlags.Chain;
                return node;
            }
        }

        return table.GetOrAdd(parent, key);
    }

    /// <summary>Adds the part of a frame's time spent while an outer frame of its function was on the stack.</summary>
    private void AddNested(int node, long ownedSince, long enterTicks, long duration)
    {
        var nested = ownedSince == NotOwner ? duration : Math.Min(duration, ownedSince - enterTicks);
        if (nested > 0)
        {
            Table.Extra(node).Nested += nested;
        }
    }

    /// <summary>A chunk's base clock value, kept within the span a trace can have (<see cref="CallTree.LatestPossibleTicks"/>).</summary>
    private long BaseTicks(EventChunk chunk) => Math.Min(chunk.BaseTicks, CallTree.LatestPossibleTicks(_file) - MaxDeltaTicks);

    /// <summary>The name slot a frame counts in on the stack, or -1 (a segment, or a run of MoveNext past its completion).</summary>
    private static int PresentSlot(in Frame frame) =>
        frame.Key == SegmentKey || frame.Key < 0 ? -1
        : (frame.Key & AbsorbedBit) == 0 || frame.CutTicks == NotCut ? frame.Slot : -1;

    /// <summary>The name slots of the functions on the stack below <paramref name="depth"/>, for a segment replayed later on its own.</summary>
    private int[] PresentFunctions(int depth)
    {
        var slots = new HashSet<int>(_presentBelow);
        for (var d = 1; d < depth; d++)
        {
            var slot = PresentSlot(_frames[d]);
            if (slot >= 0)
            {
                slots.Add(slot);
            }
        }

        return slots.Count == 0 ? Array.Empty<int>() : slots.ToArray();
    }

    private int SlotOf(int function) => (uint)function < (uint)_nameSlots.Length ? _nameSlots[function] : function + _slotsAfterTable;

    /// <summary>How many frames of a name slot's functions are on the stack (counting).</summary>
    private ref int PresentCount(int slot)
    {
        if ((uint)slot < (uint)_present.Length)
        {
            return ref _present[slot];
        }

        _presentBeyond ??= new Dictionary<int, int>();
        return ref CollectionsMarshal.GetValueRefOrAddDefault(_presentBeyond, slot, out _);
    }

    /// <summary>The anchor's node in this replay's table: its own, or the same call path rebuilt here.</summary>
    private int LocalNode(WorkAnchor anchor)
    {
        if (anchor.Replay == this)
        {
            return anchor.Node;
        }

        if (_importedAnchors.TryGetValue((anchor.Replay, anchor.Node), out var local))
        {
            return local;
        }

        var keys = new List<int>();
        var table = anchor.Replay.Table;
        for (var node = anchor.Node; node != 0; node = table[node].Parent)
        {
            keys.Add(table[node].Key);
        }

        local = 0;
        for (var k = keys.Count - 1; k >= 0; k--)
        {
            local = Table.GetOrAdd(local, keys[k]);
        }

        _importedAnchors.Add((anchor.Replay, anchor.Node), local);
        return local;
    }

    private void Push(int at, Frame frame)
    {
        if (at == _frames.Length)
        {
            Array.Resize(ref _frames, _frames.Length * 2);
        }

        _frames[at] = frame;
    }

    /// <summary>
    /// An exit that does not match the innermost call: exits match enters like brackets, so a match
    /// further out closes the calls above it too; no match at all is ignored, and so is a match beyond the
    /// segment of work being run. Returns the new depth.
    /// </summary>
    private unsafe int ExitBelowTop(Frame[] frames, int depth, int key, long ticks, PathNode* nodes)
    {
        if (frames[depth - 1].Key == (key | AbsorbedBit))
        {
            // The async node's own run of MoveNext: its node's time is the whole async call.
            CloseFrame(depth - 1, ticks);
            return depth - 1;
        }

        var match = depth - 2;
        while (match >= 1 && frames[match].Key != key && frames[match].Key != (key | AbsorbedBit) && frames[match].Key != SegmentKey)
        {
            match--;
        }

        if (match < 1 || frames[match].Key == SegmentKey)
        {
            Counts.IgnoredExits++;
            return depth;
        }

        Counts.ImplicitlyClosedCalls += depth - 1 - match;
        while (depth > match)
        {
            CloseFrame(--depth, ticks);
        }

        return depth;
    }

    /// <summary>An async call whose first run is being replayed; <paramref name="CallTicks"/> on this thread's compensated clock.</summary>
    private readonly record struct FirstRun(long Id, WorkAnchor Anchor, long CallTicks, bool Begun = false, long CompleteTicks = long.MinValue);

    /// <summary>A clock value of this thread as the clock read it: the tracer's cost so far added back.</summary>
    private long ClockTicks(long ticks) => ticks + (_overhead >> TracerCosts.FixedPointBits);

    /// <summary>An event's clock value at <paramref name="baseTicks"/> + its delta, less the tracer's cost so far; counts the event's own cost.</summary>
    private long Compensated(ulong word, long baseTicks)
    {
        if (EventWord.Kind(word) == EventWord.Count)
        {
            // No clock value: its cost goes to the events after it.
            if (_costs.Enabled)
            {
                _overhead = _costs.AfterCount(_overhead, EventWord.Calls(word));
            }

            return _lastTicks;
        }

        var ticks = baseTicks + EventWord.DeltaTicks(word);
        if (_costs.Enabled)
        {
            var cost = _costs.Of(EventWord.FunctionId(word), (uint)word & 3);
            if (ticks - ((_overhead + cost.Before) >> TracerCosts.FixedPointBits) < _lastTicks)
            {
                _overhead = _costs.Forgive(_overhead, cost.Before, ticks - _lastTicks);
            }

            ticks -= (_overhead + cost.Before) >> TracerCosts.FixedPointBits;
            _overhead += cost.All;
        }

        return Math.Max(_lastTicks, ticks);
    }

    private struct Frame
    {
        public int Node;
        public int Key;

        /// <summary>Added to the keys of calls made from this frame: spawned for the first calls of spawned work.</summary>
        public int ChildKindBits;

        /// <summary>The name slot of its function, where its presence on the stack is counted.</summary>
        public int Slot;

        /// <summary>When the call (or the segment) started.</summary>
        public long EnterTicks;

        /// <summary>A segment frame's work id.</summary>
        public long WorkId;

        /// <summary>Time of the frames and segments run inside this one on its thread (it was not on top meanwhile).</summary>
        public long ChildTicks;

        /// <summary>From when this frame holds its function's presence on the stack (<see cref="NotOwner"/>: an outer frame of it does).</summary>
        public long OwnedSince;

        /// <summary>A run of MoveNext: when its async call completed (<see cref="NotCut"/>: not yet).</summary>
        public long CutTicks;

        /// <summary>A segment of spawned work: clock ticks from its spawn to this begin, until its first call takes them (<see cref="NoQueueWait"/>).</summary>
        public long QueueWait;
    }

    /// <summary>A frame still open when its thread's data ended.</summary>
    private readonly record struct OpenFrame(int Node, int Key, long EnterTicks, long ChildTicks, long OwnedSince, long CutTicks);
}

/// <summary>Bytes of event chunks processed so far, shared by the workers and read by the progress display.</summary>
internal sealed class ProgressCounter
{
    private long _done;

    public ProgressCounter(long total)
    {
        Total = total;
    }

    public long Total { get; }

    public long Done => Interlocked.Read(ref _done);

    public void Add(long bytes) => Interlocked.Add(ref _done, bytes);
}
