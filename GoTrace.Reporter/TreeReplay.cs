using System;
using System.Collections.Generic;
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
/// </para>
/// </summary>
internal sealed class TreeReplay
{
    // Frame keys: a call's function id; the same with AbsorbedBit for an async MoveNext run folded into its
    // async node; SegmentKey for the start of a work segment (its EnterTicks then hold the work id).
    private const int AbsorbedBit = 1 << 30;
    private const int SegmentKey = int.MinValue;

    private readonly TraceFile _file;
    private readonly ulong[] _words;
    private readonly List<(int Node, long EnterTicks)> _open = new();
    private readonly bool _linkWork;
    private readonly bool _countEvents;

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

    /// <summary>When async calls completed: work id and clock value.</summary>
    public List<(long Id, long Ticks)> Completions { get; } = new();

    /// <summary>Replays one thread; calls left open are kept for <see cref="CloseOpenCalls"/>.</summary>
    public void Run(TraceThread thread, ProgressCounter? progress)
    {
        _skipNesting = 0;
        _absorbPending = -1;
        _stopDepth = 0;
        Replay(thread, 0, 0, progress);
    }

    /// <summary>Replays one deferred segment (its anchor must be known by <see cref="Works"/>), up to its end.</summary>
    public void RunSegment(DeferredSegment segment)
    {
        _skipNesting = 0;
        _absorbPending = -1;
        _stopDepth = 2;
        Replay(segment.Thread, segment.Chunk, segment.Index, null);
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
        long lastTicks = long.MinValue;
        var words = _words;
        var chunkBytes = _file.ChunkSize;
        var chunks = thread.Chunks;
        for (var c = firstChunk; c < chunks.Count; c++)
        {
            var chunk = chunks[c];
            _thread = thread;
            _chunk = c;
            var count = _file.ReadEventWords(chunk, words);
            var baseTicks = chunk.BaseTicks;
            var i = c == firstChunk ? firstIndex : 0;
            if (_skipNesting > 0 || _absorbPending >= 0)
            {
                i = ContinueAtChunkStart(words, count, i, chunk, ref depth, ref lastTicks);
                frames = _frames;
                nodes = table.Nodes;
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
                    if (kind == EventWord.Enter)
                    {
                        ref var caller = ref Unsafe.Add(ref frame0, depth - 1);
                        var countBefore = table.Count;
                        var node = table.GetOrAdd(caller.Node, key | caller.ChildKindBits);
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

                        ref var frame = ref Unsafe.Add(ref frame0, depth++);
                        frame.Node = node;
                        frame.Key = key;
                        frame.ChildKindBits = 0;
                        frame.EnterTicks = ticks;
                        lastTicks = ticks;
                    }
                    else if (kind == EventWord.Exit)
                    {
                        ref var top = ref Unsafe.Add(ref frame0, depth - 1);
                        if (top.Key == key)
                        {
                            nodes[top.Node].Ticks += Durations.Record(top.Node, Math.Max(0, ticks - top.EnterTicks));
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
                        var next = OnWork(words, count, i, chunk, ref depth, ticks);
                        if (next < 0)
                        {
                            break; // cut before its second word: the data ends here
                        }

                        i = next;
                        frames = _frames;
                        frame0 = ref MemoryMarshal.GetArrayDataReference(frames);
                        nodes = table.Nodes;
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
                        throw EventWord.InvalidKind(chunk, i, word);
                    }
                }

                events += i;
            }

            progress?.Add(chunkBytes);
            if (depth < _stopDepth)
            {
                break;
            }
        }

        while (_firstRuns.Count > 0)
        {
            RetireFirstRun();
        }

        // Events of a thread are in time order: the last one is its latest.
        latest = Math.Max(latest, lastTicks);
        for (var d = 1; d < depth; d++)
        {
            if (frames[d].Key >= 0 && (frames[d].Key & AbsorbedBit) == 0)
            {
                _open.Add((frames[d].Node, frames[d].EnterTicks));
            }
        }

        Counts.LatestTicks = latest;
        if (_countEvents)
        {
            Counts.Events += events - firstIndex;
        }
    }

    /// <summary>Closes the calls left open at <paramref name="endTicks"/>: they count until the end of the trace.</summary>
    public void CloseOpenCalls(long endTicks)
    {
        foreach (var (node, enter) in _open)
        {
            Table[node].Ticks += Durations.Record(node, Math.Max(0, endTicks - enter));
            Table[node].Unfinished++;
        }

        Counts.UnfinishedCalls += _open.Count;
        _open.Clear();
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
                Works.Add(id, WorkAnchor.Spawned(this, _frames[depth - 1].Node));
                break;
            case WorkWhat.AsyncCall:
                var asyncNode = Table.GetOrAdd(_frames[depth - 1].Node, PathKey.Of(function, CallKind.Async));
                Table[asyncNode].Calls++;
                _firstRuns.Add(new FirstRun(id, WorkAnchor.AsyncCall(this, asyncNode, function, ticks)));
                break;
            case WorkWhat.AsyncComplete:
                if (!CompleteFirstRun(id, ticks))
                {
                    Completions.Add((id, ticks));
                }

                break;
            case WorkWhat.Begin:
                if (!BeginFirstRun(id, out var anchor) && !Works.TryGet(id, out anchor))
                {
                    Deferred.Add(new DeferredSegment(_thread!, _chunk, i, id, ticks));
                    _skipNesting = 1;
                    return Skip(words, count, i + 2) - 1;
                }

                Push(depth++, new Frame { Node = LocalNode(anchor), Key = SegmentKey, ChildKindBits = anchor.ChildKindBits, EnterTicks = id });
                if (anchor.IsAsync)
                {
                    // The run of MoveNext that follows is the async node itself, not a call under it.
                    if (i + 2 < count && words[i + 2] != EventWord.EndOfData)
                    {
                        return TryAbsorb(words[i + 2], anchor.AsyncFunction, ref depth) ? i + 2 : i + 1;
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
            Table[run.Anchor.Node].Ticks += Durations.Record(run.Anchor.Node, Math.Max(0, run.CompleteTicks - run.Anchor.CallTicks));
        }
        else
        {
            Works.Add(run.Id, run.Anchor);
        }
    }

    /// <summary>The skipping or absorbing left pending by the previous chunk; returns where to go on.</summary>
    private int ContinueAtChunkStart(ulong[] words, int count, int i, EventChunk chunk, ref int depth, ref long lastTicks)
    {
        if (_absorbPending >= 0)
        {
            var function = _absorbPending;
            _absorbPending = -1;
            if (i < count && TryAbsorb(words[i], function, ref depth))
            {
                lastTicks = chunk.BaseTicks + EventWord.DeltaTicks(words[i]);
                i++;
            }
        }

        return _skipNesting > 0 ? Skip(words, count, i) : i;
    }

    private bool TryAbsorb(ulong word, int function, ref int depth)
    {
        if (EventWord.Kind(word) != EventWord.Enter || EventWord.FunctionId(word) != function)
        {
            return false;
        }

        var asyncNode = _frames[depth - 1].Node;
        Push(depth++, new Frame { Node = asyncNode, Key = function | AbsorbedBit, EnterTicks = 0 });
        return true;
    }

    /// <summary>
    /// Skips the words of deferred segments from <paramref name="i"/> (segments nest: begins and ends of
    /// other work inside count too); returns the index after the end that closes them, or the chunk's end.
    /// </summary>
    private int Skip(ulong[] words, int count, int i)
    {
        while (i < count)
        {
            var word = words[i];
            if (word == EventWord.EndOfData)
            {
                return i;
            }

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
                return i;
            }
        }

        return i;
    }

    /// <summary>Closes the segment of work <paramref name="id"/> and any call left open in it.</summary>
    private void EndSegment(long id, ref int depth, long ticks)
    {
        var segment = depth - 1;
        while (segment >= 1 && !(_frames[segment].Key == SegmentKey && _frames[segment].EnterTicks == id))
        {
            segment--;
        }

        if (segment < 1)
        {
            return; // its begin was not seen (dropped, or overwritten in ring mode)
        }

        while (depth - 1 > segment)
        {
            ref var frame = ref _frames[--depth];
            if (frame.Key >= 0 && (frame.Key & AbsorbedBit) == 0)
            {
                Table[frame.Node].Ticks += Durations.Record(frame.Node, Math.Max(0, ticks - frame.EnterTicks));
                Counts.ImplicitlyClosedCalls++;
            }
        }

        depth--;
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
            return depth - 1; // the async node's own run of MoveNext: its time is the whole async call
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
            depth--;
            if ((frames[depth].Key & AbsorbedBit) == 0)
            {
                nodes[frames[depth].Node].Ticks += Durations.Record(frames[depth].Node, Math.Max(0, ticks - frames[depth].EnterTicks));
            }
        }

        return depth;
    }

    private readonly record struct FirstRun(long Id, WorkAnchor Anchor, bool Begun = false, long CompleteTicks = long.MinValue);

    private struct Frame
    {
        public int Node;
        public int Key;

        /// <summary>Added to the keys of calls made from this frame: spawned for the first calls of spawned work.</summary>
        public int ChildKindBits;

        /// <summary>When the call started; for a segment frame, the work id.</summary>
        public long EnterTicks;
    }
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
