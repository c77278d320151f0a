using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace GoTrace.Reporter;

/// <summary>What <see cref="TimelineMerge"/> hands on: the calls and work events of every thread, in time order.</summary>
internal interface IMergedTimelineVisitor
{
    void Open(TraceThread thread, int functionId, long ticks, int depth);

    void Close(TraceThread thread, int functionId, long exitTicks, int depth);

    void Work(TraceThread thread, WorkWhat what, long workId, int functionId, long ticks, int depth);

    /// <summary>A count event (<see cref="ITimelineVisitor.Count"/>).</summary>
    void Count(TraceThread thread, int functionId, long calls, int depth);
}

/// <summary>
/// Replays every thread with <see cref="TimelineReplay"/> and merges their events into one stream ordered by
/// time (ties keep each thread's order), so that work is always seen to start before it runs elsewhere. Each
/// thread's replay runs on its own thread and hands over blocks of events through a short queue: memory stays
/// a few blocks per thread running at that point of the trace, whatever the trace's size. A thread's replay
/// starts once the merge reaches the time of its first chunk and ends with its last event.
/// </summary>
internal sealed class TimelineMerge
{
    private const int BlockSize = 1024;
    private const int BlocksPerThread = 3;

    private readonly TraceFile _file;
    private readonly IReadOnlyList<TraceThread> _threads;
    private readonly ProgressCounter? _progress;

    public TimelineMerge(TraceFile file, IReadOnlyList<TraceThread> threads, ProgressCounter? progress)
    {
        _file = file;
        _threads = threads;
        _progress = progress;
    }

    /// <summary>What the replays met (bracket repairs, events), added up once they are done.</summary>
    public ReplayCounts Counts { get; } = new();

    /// <summary>Hands every event to <paramref name="visitor"/>; <paramref name="cancel"/> stops early (the replays too).</summary>
    public void Run(IMergedTimelineVisitor visitor, CancellationToken cancel)
    {
        var end = _file.EndOfTraceTicks(_file.LatestEventTicks());
        var pending = _threads.Where(t => t.ChunkCount > 0).OrderBy(t => t.Chunks[0].BaseTicks).ThenBy(t => t.ThreadIndex).ToList();
        var heap = new PriorityQueue<Feed, (long Ticks, int Thread)>();
        var started = new List<Feed>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        try
        {
            var next = 0;
            while (true)
            {
                // A thread joins once the merge could reach its first event (no event comes before its chunk's base).
                var earliest = heap.TryPeek(out _, out var top) ? top.Ticks : long.MaxValue;
                while (next < pending.Count && pending[next].Chunks[0].BaseTicks <= earliest)
                {
                    var feed = new Feed(_file, pending[next++], end, _progress, stop.Token);
                    started.Add(feed);
                    if (feed.MoveNext())
                    {
                        heap.Enqueue(feed, (feed.Current.Ticks, feed.Thread.ThreadIndex));
                        earliest = Math.Min(earliest, feed.Current.Ticks);
                    }
                }

                if (!heap.TryDequeue(out var current, out _))
                {
                    break;
                }

                // Go on with this thread while nothing else can come earlier.
                var limit = heap.TryPeek(out _, out var second) ? second.Ticks : long.MaxValue;
                if (next < pending.Count)
                {
                    limit = Math.Min(limit, pending[next].Chunks[0].BaseTicks);
                }

                var thread = current.Thread;
                do
                {
                    cancel.ThrowIfCancellationRequested();
                    ref readonly var e = ref current.Current;
                    switch (e.What)
                    {
                        case RecordKind.Open:
                            visitor.Open(thread, e.FunctionId, e.Ticks, e.Depth);
                            break;
                        case RecordKind.Close:
                            visitor.Close(thread, e.FunctionId, e.Ticks, e.Depth);
                            break;
                        case RecordKind.Count:
                            visitor.Count(thread, e.FunctionId, e.WorkId, e.Depth);
                            break;
                        default:
                            visitor.Work(thread, (WorkWhat)e.What, e.WorkId, e.FunctionId, e.Ticks, e.Depth);
                            break;
                    }
                }
                while (current.MoveNext() && current.Current.Ticks <= limit);

                if (!current.Done)
                {
                    heap.Enqueue(current, (current.Current.Ticks, thread.ThreadIndex));
                }
            }
        }
        finally
        {
            stop.Cancel();
            foreach (var feed in started)
            {
                feed.Join();
                Counts.Add(feed.Counts);
            }
        }

        foreach (var feed in started)
        {
            feed.Failure?.Throw();
        }
    }

    /// <summary>Kinds of records: opens, closes, and the work events by their <see cref="WorkWhat"/> value.</summary>
    private enum RecordKind : byte
    {
        Open = 100,
        Close = 101,
        Count = 102, // calls in WorkId
    }

    private struct Record
    {
        public long Ticks;
        public long WorkId;
        public int FunctionId;
        public int Depth;
        public RecordKind What;
    }

    /// <summary>One thread's replay, running on its own thread, read block by block.</summary>
    private sealed class Feed
    {
        private readonly BlockingCollection<(Record[] Records, int Count)> _full = new(BlocksPerThread);
        private readonly BlockingCollection<Record[]> _free = new(BlocksPerThread + 1);
        private readonly Thread _thread;
        private readonly CancellationToken _stop;
        private Record[] _block = Array.Empty<Record>();
        private int _count;
        private int _index = -1;

        public Feed(TraceFile file, TraceThread thread, long end, ProgressCounter? progress, CancellationToken stop)
        {
            Thread = thread;
            _stop = stop;
            for (var i = 0; i < BlocksPerThread; i++)
            {
                _free.Add(new Record[BlockSize]);
            }

            _thread = new Thread(() => Produce(file, end, progress), maxStackSize: 256 * 1024)
            {
                IsBackground = true,
                Name = "gotrace-report replay " + thread.ThreadIndex,
            };
            _thread.Start();
        }

        public TraceThread Thread { get; }

        public ReplayCounts Counts { get; } = new();

        public ExceptionDispatchInfo? Failure { get; private set; }

        public bool Done { get; private set; }

        public ref readonly Record Current => ref _block[_index];

        /// <summary>Steps to the next record, waiting for the replay when it has not got there yet.</summary>
        public bool MoveNext()
        {
            if (++_index < _count)
            {
                return true;
            }

            if (_block.Length > 0)
            {
                _free.Add(_block);
                _block = Array.Empty<Record>();
            }

            try
            {
                foreach (var (records, count) in _full.GetConsumingEnumerable(_stop))
                {
                    _block = records;
                    _count = count;
                    _index = 0;
                    return true;
                }
            }
            catch (OperationCanceledException)
            {
            }

            Done = true;
            return false;
        }

        public void Join() => _thread.Join();

        private void Produce(TraceFile file, long end, ProgressCounter? progress)
        {
            var writer = new Writer(this);
            try
            {
                var replay = new TimelineReplay(file);
                replay.Run(Thread, ref writer, end, progress);
                writer.Flush();
                Counts.Add(replay.Counts);
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                Failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                _full.CompleteAdding();
            }
        }

        private Record[] Take() => _free.Take(_stop);

        private void Hand(Record[] records, int count) => _full.Add((records, count), _stop);

        /// <summary>Fills blocks with the replay's records.</summary>
        private struct Writer : ITimelineVisitor
        {
            private readonly Feed _feed;
            private Record[] _records;
            private int _count;

            public Writer(Feed feed)
            {
                _feed = feed;
                _records = feed.Take();
                _count = 0;
            }

            public void Open(int functionId, long ticks, int depth) =>
                Add(new Record { Ticks = ticks, FunctionId = functionId, Depth = depth, What = RecordKind.Open });

            public void Close(int functionId, long enterTicks, long exitTicks, int depth) =>
                Add(new Record { Ticks = exitTicks, FunctionId = functionId, Depth = depth, What = RecordKind.Close });

            public void Count(int functionId, long calls, long ticks, int depth) =>
                Add(new Record { Ticks = ticks, WorkId = calls, FunctionId = functionId, Depth = depth, What = RecordKind.Count });

            public void Work(WorkWhat what, long workId, int functionId, long ticks, int depth) =>
                Add(new Record { Ticks = ticks, WorkId = workId, FunctionId = functionId, Depth = depth, What = (RecordKind)what });

            public void Flush()
            {
                if (_count > 0)
                {
                    _feed.Hand(_records, _count);
                    _count = 0;
                }
            }

            private void Add(in Record record)
            {
                _records[_count++] = record;
                if (_count == _records.Length)
                {
                    _feed.Hand(_records, _count);
                    _records = _feed.Take();
                    _count = 0;
                }
            }
        }
    }
}
