using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Threading;

namespace GoTrace.Reporter;

/// <summary>
/// Chrome Trace Event JSON for Perfetto, chrome://tracing and speedscope: one complete (<c>X</c>) event per
/// call with <c>ts</c> and <c>dur</c> in microseconds from the start of the trace (nanosecond precision,
/// trailing zeros dropped), <c>M</c> events naming the process and each thread, then flows linking work to
/// where it started and async spans (<see cref="ChromeFlowWriter"/>). Call events follow each other without
/// spaces or line breaks and carry only the fields the viewers need; function names are short
/// (<c>Type.Member</c>) unless full names are asked for. Threads are formatted in parallel; events of
/// different threads interleave in the file (viewers sort them).
/// </summary>
public static class ChromeRenderer
{
    // Every event starts with a comma (the metadata block comes first), so workers can write in any order.
    private static readonly byte[] DurField = ",\"dur\":"u8.ToArray();

    /// <summary>Writes the trace's calls; returns what the replay met (for the notes).</summary>
    public static IReadOnlyList<string> Render(TraceFile file, Stream output, ChromeOptions? options = null) =>
        TraceNotes.Describe(file, Render(file, output, options ?? new ChromeOptions(), null, Environment.ProcessorCount), options?.Threads == null);

    internal static ReplayCounts Render(TraceFile file, Stream output, ChromeOptions options, ProgressCounter? progress, int maxWorkers)
    {
        var threads = (options.Threads ?? file.Threads).Where(t => t.ChunkCount > 0).OrderByDescending(t => t.ChunkCount).ThenBy(t => t.ThreadIndex).ToList();
        var labels = ThreadLabels.For(file.Threads);
        var end = file.EndOfTraceTicks(file.LatestEventTicks());
        var names = new FunctionNames(file.Functions, options.FullNames);

        var head = new Utf8Writer(output);
        head.Write("{\"traceEvents\":[\n{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":1,\"args\":{\"name\":");
        head.WriteJsonString(ThreadLabels.Process(file));
        head.Write("}}");
        foreach (var thread in (options.Threads ?? file.Threads).OrderBy(t => t.ThreadIndex))
        {
            var tid = Tid(thread);
            head.Write(",\n{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":");
            head.WriteNumber(tid);
            head.Write(",\"args\":{\"name\":");
            head.WriteJsonString(labels[thread]);
            head.Write("}},\n{\"ph\":\"M\",\"name\":\"thread_sort_index\",\"pid\":1,\"tid\":");
            head.WriteNumber(tid);
            head.Write(",\"args\":{\"sort_index\":");
            head.WriteNumber(thread.ThreadIndex);
            head.Write("}}");
        }

        head.Write("\n");
        head.Complete();

        var counts = new ReplayCounts();
        var flows = new ChromeFlowRecorder[threads.Count];
        var bytes = threads.Sum(t => t.ChunkBytes);
        var workers = bytes < CallTree.ParallelThreshold ? 1 : Math.Max(1, Math.Min(maxWorkers, threads.Count));
        if (workers == 1)
        {
            var replay = new TimelineReplay(file);
            var writer = new Utf8Writer(output);
            for (var i = 0; i < threads.Count; i++)
            {
                flows[i] = RenderThread(file, threads[i], replay, writer, names, options, end, progress);
            }

            writer.Complete();
            counts.Add(replay.Counts);
        }
        else
        {
            RenderParallel(file, threads, output, names, options, end, progress, workers, counts, flows);
        }

        // Flows and async spans need every thread: written once all are done, in thread order.
        var flowWriter = new Utf8Writer(output);
        ChromeFlowWriter.Write(
            flows.OrderBy(f => f.Tid).ToList(), flowWriter, names.Quoted, options.MaxDepth ?? int.MaxValue, options.MinDurationNanos);
        flowWriter.Complete();

        var tail = new Utf8Writer(output);
        tail.Write("\n],\"displayTimeUnit\":\"ns\",\"otherData\":{\"tracer\":\"gotrace\",\"process\":");
        tail.WriteJsonString(ThreadLabels.Process(file));
        tail.Write(",\"command_line\":");
        tail.WriteJsonString(file.CommandLine);
        tail.Write(",\"runtime\":");
        tail.WriteJsonString(file.RuntimeDescription);
        tail.Write(",\"start\":");
        tail.WriteJsonString(file.StartTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        tail.Write("}}\n");
        tail.Complete();
        return counts;
    }

    private static void RenderParallel(
        TraceFile file, List<TraceThread> threads, Stream output, FunctionNames names, ChromeOptions options, long end,
        ProgressCounter? progress, int workers, ReplayCounts counts, ChromeFlowRecorder[] flows)
    {
        var queue = new BufferQueue(workers * 4);
        var next = -1;
        var failures = new ExceptionDispatchInfo?[workers];
        var replays = new TimelineReplay[workers];
        var running = new Thread[workers];
        var remaining = workers;
        for (var w = 0; w < workers; w++)
        {
            var worker = w;
            replays[w] = new TimelineReplay(file);
            running[w] = new Thread(
                () =>
                {
                    var writer = new Utf8Writer(queue);
                    try
                    {
                        // Biggest threads first, each to whichever worker is free.
                        for (var i = Interlocked.Increment(ref next); i < threads.Count; i = Interlocked.Increment(ref next))
                        {
                            flows[i] = RenderThread(file, threads[i], replays[worker], writer, names, options, end, progress);
                        }

                        writer.Complete();
                    }
                    catch (Exception e)
                    {
                        failures[worker] = ExceptionDispatchInfo.Capture(e);
                        Interlocked.Exchange(ref next, threads.Count);
                    }
                    finally
                    {
                        if (Interlocked.Decrement(ref remaining) == 0)
                        {
                            queue.CompleteAdding();
                        }
                    }
                },
                maxStackSize: 256 * 1024)
            {
                IsBackground = true,
                Name = "gotrace-report chrome " + worker,
            };
            running[w].Start();
        }

        try
        {
            queue.WriteAll(output);
        }
        finally
        {
            foreach (var thread in running)
            {
                thread.Join();
            }
        }

        foreach (var failure in failures)
        {
            failure?.Throw();
        }

        foreach (var replay in replays)
        {
            counts.Add(replay.Counts);
        }
    }

    /// <summary>Writes one thread's calls; returns what it learnt about work for the flows.</summary>
    private static ChromeFlowRecorder RenderThread(
        TraceFile file, TraceThread thread, TimelineReplay replay, Utf8Writer writer, FunctionNames names, ChromeOptions options, long end, ProgressCounter? progress)
    {
        var flows = new ChromeFlowRecorder(Tid(thread), options.MaxDepth ?? int.MaxValue);
        var visitor = new EventWriter(writer, names.PrefixesFor(Tid(thread)), file, options, flows);
        replay.Run(thread, ref visitor, end, progress);
        return flows;
    }

    /// <summary>Thread ids in the JSON: the thread index plus one (0 means "no thread" to some viewers).</summary>
    private static int Tid(TraceThread thread) => thread.ThreadIndex + 1;

    /// <summary>Formats an X event when a call closes; tells the flow recorder about work and the frames it watches.</summary>
    private struct EventWriter : ITimelineVisitor
    {
        private readonly Utf8Writer _writer;
        private readonly EventPrefixes _prefixes;
        private readonly ChromeFlowRecorder _flows;
        private readonly long _start;
        private readonly double _nanosPerTick;
        private readonly bool _exactNanos;
        private readonly int _maxDepth;
        private readonly long _minNanos;
        private int _watchedDepth;
        private bool _beginPending;

        public EventWriter(Utf8Writer writer, EventPrefixes prefixes, TraceFile file, ChromeOptions options, ChromeFlowRecorder flows)
        {
            _writer = writer;
            _prefixes = prefixes;
            _flows = flows;
            _start = file.StartTicks;
            _nanosPerTick = 1e9 / file.ClockFrequency;
            _exactNanos = file.ClockFrequency == 1e9;
            _maxDepth = options.MaxDepth ?? int.MaxValue;
            _minNanos = options.MinDurationNanos;
            _watchedDepth = 0;
            _beginPending = false;
        }

        public void Open(int functionId, long ticks, int depth)
        {
            if (_beginPending)
            {
                _beginPending = false;
                _watchedDepth = _flows.Opened(depth);
            }
        }

        public void Close(int functionId, long enterTicks, long exitTicks, int depth)
        {
            // The recorder never watches a frame deeper than the limit.
            if (depth > _maxDepth)
            {
                return;
            }

            var ts = Nanos(enterTicks);
            var dur = Nanos(exitTicks) - ts;
            var shown = dur >= _minNanos;
            if (shown)
            {
                var prefix = _prefixes.For(functionId);
                var span = _writer.GetSpan(prefix.Length + 64);
                prefix.CopyTo(span);
                var at = prefix.Length;
                at += Utf8Writer.FormatMicros(ts, span.Slice(at));
                DurField.CopyTo(span.Slice(at));
                at += DurField.Length;
                at += Utf8Writer.FormatMicros(dur, span.Slice(at));
                span[at++] = (byte)'}';
                _writer.Advance(at);
            }

            if (depth == _watchedDepth)
            {
                _watchedDepth = _flows.Closed(depth, shown, ts);
            }
        }

        /// <summary>Counted calls have no time: nothing to draw.</summary>
        public void Count(int functionId, long calls, long ticks, int depth)
        {
        }

        public void Work(WorkWhat what, long workId, int functionId, long ticks, int depth)
        {
            _watchedDepth = _flows.Work(what, workId, functionId, Nanos(ticks), depth);
            _beginPending = _flows.BeginPending;
        }

        private long Nanos(long ticks) => _exactNanos ? ticks - _start : (long)Math.Round((ticks - _start) * _nanosPerTick);
    }

    /// <summary>Per-thread event openings, <c>,{"ph":"X","name":"Db.Connect","pid":1,"tid":3,"ts":</c>, made on first use.</summary>
    private sealed class EventPrefixes
    {
        private readonly FunctionNames _names;
        private readonly byte[] _tidPart;
        private readonly byte[]?[] _known;
        private readonly Dictionary<int, byte[]> _unknown = new();

        public EventPrefixes(FunctionNames names, int tid)
        {
            _names = names;
            _tidPart = Encoding.UTF8.GetBytes(",\"pid\":1,\"tid\":" + tid.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",\"ts\":");
            _known = new byte[]?[names.KnownCount];
        }

        public byte[] For(int functionId)
        {
            if ((uint)functionId < (uint)_known.Length)
            {
                return _known[functionId] ??= Make(functionId);
            }

            if (!_unknown.TryGetValue(functionId, out var prefix))
            {
                prefix = Make(functionId);
                _unknown.Add(functionId, prefix);
            }

            return prefix;
        }

        private byte[] Make(int functionId)
        {
            var name = _names.Quoted(functionId);
            var start = ",{\"ph\":\"X\",\"name\":"u8;
            var prefix = new byte[start.Length + name.Length + _tidPart.Length];
            start.CopyTo(prefix);
            name.CopyTo(prefix.AsSpan(start.Length));
            _tidPart.CopyTo(prefix.AsSpan(start.Length + name.Length));
            return prefix;
        }
    }

    /// <summary>Quoted JSON names of functions, shared by the threads' prefixes.</summary>
    private sealed class FunctionNames
    {
        private readonly FunctionTable _functions;
        private readonly bool _fullNames;

        public FunctionNames(FunctionTable functions, bool fullNames)
        {
            _functions = functions;
            _fullNames = fullNames;
        }

        public int KnownCount => Math.Min(_functions.Count, 1 << 16);

        public EventPrefixes PrefixesFor(int tid) => new(this, tid);

        public byte[] Quoted(int functionId)
        {
            var function = _functions[functionId];
            var name = _fullNames ? function.FullName : function.Name;

            // Every event must fit a buffer: cut absurd names (only a corrupt table has them).
            return JsonText.Quote(name.Length > 2000 ? name.Substring(0, 2000) + "…" : name);
        }
    }
}

/// <summary>What the Chrome export includes.</summary>
public sealed class ChromeOptions
{
    /// <summary>Namespace-qualified names instead of <c>Type.Member</c> (larger files).</summary>
    public bool FullNames { get; set; }

    /// <summary>Threads to export (all when null).</summary>
    public IReadOnlyCollection<TraceThread>? Threads { get; set; }

    /// <summary>Leave out calls deeper than this (outermost = 1).</summary>
    public int? MaxDepth { get; set; }

    /// <summary>Leave out calls shorter than this.</summary>
    public long MinDurationNanos { get; set; }
}
