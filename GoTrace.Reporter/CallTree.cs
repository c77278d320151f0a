using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace GoTrace.Reporter;

/// <summary>
/// The trace as a call tree: every thread's events replayed on a stack, calls along the same path merged,
/// the roots of all threads merged into one set. Memory grows with distinct call paths, not with events.
/// </summary>
public sealed class CallTree
{
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

    public int ThreadCount { get; private set; }

    /// <summary>Events replayed.</summary>
    public long EventCount { get; private set; }

    /// <summary>Exits that matched no open call; ignored.</summary>
    public long IgnoredExits { get; private set; }

    /// <summary>Calls closed by the exit of a call further out, without an exit of their own.</summary>
    public long ImplicitlyClosedCalls { get; private set; }

    /// <summary>Calls still open at the end of their thread's data; closed at <see cref="EndTicks"/>.</summary>
    public long UnfinishedCalls { get; private set; }

    /// <summary>What a reader of the report should know: incomplete trace, dropped events, anomalies.</summary>
    public IReadOnlyList<string> Notes { get; private set; } = Array.Empty<string>();

    public double TicksToSeconds(long ticks) => ticks / ClockFrequency;

    public static CallTree Build(TraceFile file)
    {
        var tree = new CallTree(CallNode.CreateRoot(), file.ClockFrequency)
        {
            StartTicks = file.StartTicks,
            IsComplete = file.IsComplete,
            DroppedEvents = file.DroppedEvents,
            ThreadCount = file.Threads.Count,
        };

        var replay = new ThreadReplay(tree._root, file.Functions, new ulong[file.ChunkSize / EventWord.Size]);
        var openStacks = new List<(CallNode[] Nodes, long[] EnterTicks)>();
        foreach (var thread in file.Threads)
        {
            replay.Run(file, thread);
            if (replay.Depth > 0)
            {
                openStacks.Add(replay.TakeOpenFrames());
            }
        }

        // Frames still open are closed at the last clock value known for the whole trace.
        var end = file.IsComplete && file.EndTicks != 0 ? file.EndTicks : Math.Max(replay.LatestTicks, file.StartTicks);
        foreach (var (nodes, enterTicks) in openStacks)
        {
            for (var i = 0; i < nodes.Length; i++)
            {
                nodes[i].TotalTicks += Math.Max(0, end - enterTicks[i]);
                nodes[i].UnfinishedCalls++;
            }

            tree.UnfinishedCalls += nodes.Length;
        }

        tree._root.Complete();
        tree.EndTicks = end;
        tree.EventCount = replay.EventCount;
        tree.IgnoredExits = replay.IgnoredExits;
        tree.ImplicitlyClosedCalls = replay.ImplicitlyClosedCalls;
        tree.Notes = tree.DescribeNotes();
        return tree;
    }

    private List<string> DescribeNotes()
    {
        var notes = new List<string>();
        if (!IsComplete)
        {
            notes.Add("the trace is incomplete (the program is still running or was killed); times run to the last event recorded");
        }

        if (DroppedEvents > 0)
        {
            notes.Add($"{Count(DroppedEvents, "event was", "events were")} dropped by the tracer; some calls are missing");
        }

        if (UnfinishedCalls > 0)
        {
            notes.Add($"{Count(UnfinishedCalls, "call had", "calls had")} not returned when the trace ended; they count until the end");
        }

        if (ImplicitlyClosedCalls > 0)
        {
            notes.Add($"{Count(ImplicitlyClosedCalls, "call was", "calls were")} closed by the exit of an outer call (their own exit is missing)");
        }

        if (IgnoredExits > 0)
        {
            notes.Add($"{Count(IgnoredExits, "exit matches", "exits match")} no open call and {(IgnoredExits == 1 ? "was" : "were")} ignored");
        }

        return notes;
    }

    private static string Count(long count, string singular, string plural) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? singular : plural)}");

    /// <summary>Replays one thread's events on a stack of open calls.</summary>
    private sealed class ThreadReplay
    {
        private readonly CallNode _root;
        private readonly FunctionTable _functions;
        private readonly ulong[] _words;

        // Frame 0 holds the root so a caller always exists; open calls are frames 1 .. _depth-1.
        private Frame[] _frames = new Frame[64];
        private int _depth = 1;

        public ThreadReplay(CallNode root, FunctionTable functions, ulong[] words)
        {
            _root = root;
            _functions = functions;
            _words = words;
        }

        /// <summary>Calls still open after the last <see cref="Run"/>.</summary>
        public int Depth => _depth - 1;

        public long LatestTicks { get; private set; } = long.MinValue;

        public long EventCount { get; private set; }

        public long IgnoredExits { get; private set; }

        public long ImplicitlyClosedCalls { get; private set; }

        // The loop runs for every event of the trace: compile it fully optimized from the start,
        // and keep the stack in locals.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(TraceFile file, TraceThread thread)
        {
            var frames = _frames;
            frames[0] = new Frame(_root, 0);
            var depth = 1;
            var latest = LatestTicks;
            long events = 0;
            var words = _words;
            foreach (var chunk in thread.Chunks)
            {
                var count = file.ReadEventWords(chunk, words);
                var baseTicks = chunk.BaseTicks;
                for (var i = 0; i < count; i++)
                {
                    var word = words[i];
                    if (word == EventWord.EndOfData)
                    {
                        break;
                    }

                    var ticks = baseTicks + EventWord.DeltaTicks(word);
                    if (ticks > latest)
                    {
                        latest = ticks;
                    }

                    var functionId = EventWord.FunctionId(word);
                    var kind = EventWord.Kind(word);
                    if (kind == EventWord.Enter)
                    {
                        var node = frames[depth - 1].Node.GetOrAddChild(functionId, _functions);
                        node.Calls++;
                        if (depth == frames.Length)
                        {
                            Array.Resize(ref frames, frames.Length * 2);
                            _frames = frames;
                        }

                        frames[depth++] = new Frame(node, ticks);
                    }
                    else if (kind == EventWord.Exit)
                    {
                        ref var top = ref frames[depth - 1];
                        if (top.Node.FunctionId == functionId)
                        {
                            top.Node.TotalTicks += Math.Max(0, ticks - top.EnterTicks);
                            depth--;
                        }
                        else
                        {
                            depth = ExitBelowTop(frames, depth, functionId, ticks);
                        }
                    }
                    else
                    {
                        throw EventWord.InvalidKind(chunk, i, word);
                    }

                    events++;
                }
            }

            _depth = depth;
            LatestTicks = latest;
            EventCount += events;
        }

        public (CallNode[] Nodes, long[] EnterTicks) TakeOpenFrames()
        {
            var nodes = new CallNode[Depth];
            var enterTicks = new long[Depth];
            for (var i = 0; i < nodes.Length; i++)
            {
                nodes[i] = _frames[i + 1].Node;
                enterTicks[i] = _frames[i + 1].EnterTicks;
            }

            _depth = 1;
            return (nodes, enterTicks);
        }

        /// <summary>
        /// An exit that does not match the innermost call: exits match enters like brackets, so a match
        /// further out closes the calls above it too; no match at all is ignored. Returns the new depth.
        /// </summary>
        private int ExitBelowTop(Frame[] frames, int depth, int functionId, long ticks)
        {
            var match = depth - 2;
            while (match >= 1 && frames[match].Node.FunctionId != functionId)
            {
                match--;
            }

            if (match < 1)
            {
                IgnoredExits++;
                return depth;
            }

            ImplicitlyClosedCalls += depth - 1 - match;
            while (depth > match)
            {
                depth--;
                frames[depth].Node.TotalTicks += Math.Max(0, ticks - frames[depth].EnterTicks);
            }

            return depth;
        }

        private readonly record struct Frame(CallNode Node, long EnterTicks);
    }
}
