using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace GoTrace.Reporter;

/// <summary>
/// How large an export will be, estimated before it is written, against <c>--export-limit</c>: a trace of hundreds of
/// millions of events makes tens of gigabytes of Chrome JSON. The timelines (<c>--chrome</c>, <c>--speedscope</c>)
/// are estimated from the event data of the threads exported, before anything is read (with <c>--depth</c> or
/// <c>--min-duration</c> an estimate over the limit is checked by formatting the export into nothing first); the
/// trees (<c>--json</c>, <c>--folded</c>) from the tree after the views.
/// </summary>
internal static class ExportSize
{
    /// <summary>Exports over 4 GiB are refused unless <c>--export-limit</c> says otherwise.</summary>
    public const long DefaultLimit = 4L << 30;

    // What a call costs in each timeline, beside its name: Chrome's {"ph":"X","name":,"pid":1,"tid":N,"ts":…,"dur":…},
    // speedscope's open and close events.
    private const int ChromeBytesBesideName = 66;
    private const int SpeedscopeBytesPerCall = 84;

    /// <summary>Calls in the given threads (all when null): two event words each, every chunk counted full.</summary>
    public static long Calls(TraceFile file, IReadOnlyCollection<TraceThread>? threads)
    {
        var words = (threads ?? file.Threads).Sum(t => (t.ChunkBytes - ((long)t.ChunkCount * TraceFile.ChunkHeaderSize)) / EventWord.Size);
        var calls = words / 2;
        return threads == null && file.IsComplete && file.EventsWritten > 0 ? Math.Min(calls, file.EventsWritten / 2) : calls;
    }

    /// <summary>The estimated size of a timeline export of <paramref name="calls"/> calls.</summary>
    public static long Timeline(TraceFile file, ReportOptions options, long calls)
    {
        if (options.Format == ReportFormat.Speedscope)
        {
            return calls * SpeedscopeBytesPerCall;
        }

        long names = 0;
        var known = 0;
        foreach (var function in file.Functions)
        {
            if (function.IsKnown)
            {
                names += (options.FullNames ? function.FullName : function.Name).Length + 2;
                known++;
            }
        }

        return calls * (ChromeBytesBesideName + (known == 0 ? 20 : names / known));
    }

    /// <summary>The estimated size of a tree written as <c>--json</c> or <c>--folded</c>.</summary>
    public static long Tree(CallTree tree, ReportFormat format)
    {
        long bytes = 0;
        var pending = new Stack<(CallNode Node, int Depth, long PathBytes)>(tree.Roots.Select(r => (r, 1, 0L)));
        while (pending.Count > 0)
        {
            var (node, depth, parentPath) = pending.Pop();
            var name = node.Function.FullName.Length;
            var path = parentPath + name + 1;

            // Folded: the whole path on each line; JSON: the properties, indented (at most 32 levels deep).
            bytes += format == ReportFormat.Folded ? path + 10 : 130 + name + (4 * Math.Min(depth, JsonRenderer.MaxIndentedDepth));
            foreach (var child in node.Children)
            {
                pending.Push((child, depth + 1, path));
            }
        }

        return bytes;
    }

    /// <summary>What formatting an export into nothing writes: its exact size.</summary>
    public static long Measure(Action<Stream> export)
    {
        var counter = new CountingStream();
        export(counter);
        return counter.Count;
    }

    /// <summary>The one line refusing an export over the limit: the estimate, the views that shrink it, how to raise the limit.</summary>
    public static string Refusal(ReportOptions options, string flag, long bytes, long? calls)
    {
        var views = options.Format switch
        {
            ReportFormat.Chrome => "--min-duration, --depth or --thread",
            ReportFormat.Speedscope => "--depth or --thread",
            _ => "--focus, --depth, --min-duration or --thread",
        };
        var count = calls is { } n ? " (" + n.ToString("N0", CultureInfo.InvariantCulture) + " calls)" : string.Empty;
        var raise = (long)Math.Ceiling(bytes / (double)(1L << 30)) + 1;
        return $"{flag} would write about {SizeArgument.Format(bytes)}{count}, more than the {SizeArgument.Format(options.ExportLimitBytes)} limit; "
            + $"shrink it with {views}, or raise the limit with --export-limit {raise}G";
    }

    /// <summary>A stream that only counts what is written to it.</summary>
    private sealed class CountingStream : WriteOnlyStream
    {
        public long Count { get; private set; }

        public override long Length => Count;

        public override long Position
        {
            get => Count;
            set => throw new NotSupportedException();
        }

        public override void Write(ReadOnlySpan<byte> buffer) => Count += buffer.Length;
    }
}
