using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GoTrace.Reporter;

/// <summary>
/// speedscope's file format (https://www.speedscope.app/file-format-schema.json) with one evented profile per
/// thread: an open (<c>O</c>) and a close (<c>C</c>) event per call, balanced, <c>at</c> in nanoseconds from the
/// start of the trace and never decreasing; calls still open at the end close at the end of the trace. Frames
/// (full name, file, line) are shared by the profiles.
/// </summary>
public static class SpeedscopeRenderer
{
    public static IReadOnlyList<string> Render(TraceFile file, Stream output, SpeedscopeOptions? options = null) =>
        TraceNotes.Describe(file, Render(file, output, options ?? new SpeedscopeOptions(), null), options?.Threads == null);

    internal static ReplayCounts Render(TraceFile file, Stream output, SpeedscopeOptions options, ProgressCounter? progress)
    {
        var threads = (options.Threads ?? file.Threads).Where(t => t.ChunkCount > 0).OrderBy(t => t.ThreadIndex).ToList();
        var labels = ThreadLabels.For(file.Threads);
        var end = file.EndOfTraceTicks(file.LatestEventTicks());
        var frames = new FrameTable();
        var replay = new TimelineReplay(file);
        var writer = new Utf8Writer(output);
        var endNanos = Nanos(file, end);

        writer.Write("{\"$schema\":\"https://www.speedscope.app/file-format-schema.json\",\"name\":");
        writer.WriteJsonString(ThreadLabels.Process(file));
        writer.Write(",\"exporter\":\"gotrace-report\",\"activeProfileIndex\":0,\"profiles\":[");
        for (var p = 0; p < threads.Count; p++)
        {
            var thread = threads[p];
            writer.Write(p == 0 ? "\n{\"type\":\"evented\",\"name\":" : ",\n{\"type\":\"evented\",\"name\":");
            writer.WriteJsonString(labels[thread]);
            writer.Write(",\"unit\":\"nanoseconds\",\"startValue\":0,\"events\":[");
            var visitor = new EventWriter(writer, frames, file, options.MaxDepth ?? int.MaxValue);
            replay.Run(thread, ref visitor, end, progress);
            writer.Write("],\"endValue\":");
            writer.WriteNumber(Math.Max(visitor.Last, endNanos));
            writer.Write("}");
        }

        writer.Write("\n],\"shared\":{\"frames\":[");
        for (var i = 0; i < frames.Functions.Count; i++)
        {
            var function = file.Functions[frames.Functions[i]];
            writer.Write(i == 0 ? "\n{\"name\":" : ",\n{\"name\":");
            writer.WriteJsonString(function.FullName);
            if (function.File.Length > 0)
            {
                writer.Write(",\"file\":");
                writer.WriteJsonString(function.File);
            }

            if (function.Line > 0)
            {
                writer.Write(",\"line\":");
                writer.WriteNumber(function.Line);
            }

            writer.Write("}");
        }

        writer.Write("\n]}}\n");
        writer.Complete();
        return replay.Counts;
    }

    private static long Nanos(TraceFile file, long ticks) =>
        file.ClockFrequency == 1e9 ? ticks - file.StartTicks : (long)Math.Round((ticks - file.StartTicks) * (1e9 / file.ClockFrequency));

    /// <summary>Function ids in the order profiles first used them; the index is the frame number.</summary>
    private sealed class FrameTable
    {
        private readonly Dictionary<int, int> _index = new();

        public List<int> Functions { get; } = new();

        public int For(int functionId)
        {
            if (!_index.TryGetValue(functionId, out var frame))
            {
                frame = Functions.Count;
                _index.Add(functionId, frame);
                Functions.Add(functionId);
            }

            return frame;
        }
    }

    private struct EventWriter : ITimelineVisitor
    {
        private readonly Utf8Writer _writer;
        private readonly FrameTable _frames;
        private readonly TraceFile _file;
        private readonly int _maxDepth;
        private long _last;
        private bool _first;

        public readonly long Last => _last;

        public EventWriter(Utf8Writer writer, FrameTable frames, TraceFile file, int maxDepth)
        {
            _writer = writer;
            _frames = frames;
            _file = file;
            _maxDepth = maxDepth;
            _last = 0;
            _first = true;
        }

        public void Open(int functionId, long ticks, int depth)
        {
            if (depth <= _maxDepth)
            {
                Write("{\"type\":\"O\",\"frame\":"u8, functionId, ticks);
            }
        }

        public void Close(int functionId, long enterTicks, long exitTicks, int depth)
        {
            if (depth <= _maxDepth)
            {
                Write("{\"type\":\"C\",\"frame\":"u8, functionId, exitTicks);
            }
        }

        /// <summary>Counted calls have no time: nothing to draw.</summary>
        public void Count(int functionId, long calls, long ticks, int depth)
        {
        }

        public void Work(WorkWhat what, long workId, int functionId, long ticks, int depth)
        {
        }

        private void Write(ReadOnlySpan<byte> start, int functionId, long ticks)
        {
            // Never decreasing, and never before the profile's start.
            var at = Math.Max(_last, Nanos(_file, ticks));
            _last = at;
            if (!_first)
            {
                _writer.Write(","u8);
            }

            _first = false;
            _writer.Write(start);
            _writer.WriteNumber(_frames.For(functionId));
            _writer.Write(",\"at\":"u8);
            _writer.WriteNumber(at);
            _writer.Write("}"u8);
        }
    }
}

/// <summary>What the speedscope export includes.</summary>
public sealed class SpeedscopeOptions
{
    /// <summary>Threads to export, one profile each (all when null).</summary>
    public IReadOnlyCollection<TraceThread>? Threads { get; set; }

    /// <summary>Leave out calls deeper than this (outermost = 1).</summary>
    public int? MaxDepth { get; set; }
}
