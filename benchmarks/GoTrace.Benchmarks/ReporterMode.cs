using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using GoTrace.Reporter;

namespace GoTrace.Benchmarks;

/// <summary>
/// Quick summary mode 'reporter': <c>dotnet run -c Release --project benchmarks/GoTrace.Benchmarks -- reporter
/// [--events N] [--trace FILE] [--keep] [--cold-bytes N]</c>. Writes a synthetic trace of N events (200 million by default; see
/// <see cref="ReporterSyntheticTrace"/>) to the temp folder, then, in a child process so that its peak memory
/// is the report's alone, times the call tree (build plus the tree, folded and JSON renderings) and the Chrome
/// export (into a counting sink, so the disk's speed is not measured), best of three runs each. Deletes the
/// trace unless told to keep it. Prints
/// <c>reporter: events=&lt;n&gt; tree_events_per_s=&lt;x&gt; chrome_events_per_s=&lt;y&gt; peak_mb=&lt;m&gt;</c> (Chrome bytes
/// per call are on the detail line before it), then the first reports of a fresh woven trace of 2 GiB
/// (<see cref="ColdReadMode"/>; <c>--cold-bytes 0</c> leaves it out).
/// </summary>
public static class ReporterMode
{
    private const int Runs = 3;

    public static int Run(string[] args)
    {
        long events = 200_000_000;
        var coldBytes = ColdReadMode.DefaultBytes;
        string? trace = null;
        var keep = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--child":
                    return Child(args[i + 1]);
                case "--write-woven":
                    return ColdReadMode.Write(long.Parse(args[i + 2], CultureInfo.InvariantCulture));
                case "--read-cold":
                    return ColdReadMode.Read(args[i + 1]);
                case "--cold-bytes" when i + 1 < args.Length && long.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var b):
                    coldBytes = b;
                    i++;
                    break;
                case "--events" when i + 1 < args.Length && long.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
                    events = n;
                    i++;
                    break;
                case "--trace" when i + 1 < args.Length:
                    trace = args[++i];
                    keep = true;
                    break;
                case "--keep":
                    keep = true;
                    break;
                default:
                    Console.Error.WriteLine($"reporter: unknown argument {args[i]} (use --events N, --trace FILE, --keep, --cold-bytes N (0: no cold case))");
                    return 2;
            }
        }

        trace ??= Path.Combine(Path.GetTempPath(), $"gotrace-reporter-bench-{Environment.ProcessId}.gotrace");
        try
        {
            if (!File.Exists(trace))
            {
                var write = Stopwatch.StartNew();
                var written = ReporterSyntheticTrace.Write(trace, events);
                Console.Error.WriteLine($"reporter: wrote {written:N0} events ({new FileInfo(trace).Length / (1 << 20):N0} MiB) to {trace} in {write.Elapsed.TotalSeconds:F1}s");
            }

            var result = RunChild(trace);
            if (result == null)
            {
                return 1;
            }

            Console.WriteLine(
                $"reporter: events={result["events"]} tree_events_per_s={result["tree_events_per_s"]} chrome_events_per_s={result["chrome_events_per_s"]} peak_mb={result["peak_mb"]}");
            if (!keep)
            {
                File.Delete(trace); // room on the disk for the cold case's trace
            }

            return coldBytes == 0 || ColdReadMode.Run(coldBytes, Path.GetTempPath()) ? 0 : 1;
        }
        finally
        {
            if (!keep)
            {
                File.Delete(trace);
            }
        }
    }

    /// <summary>Runs this program again as the reporting child; returns the values it printed.</summary>
    private static Dictionary<string, string>? RunChild(string trace)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(ReporterMode).Assembly.Location);
        }

        foreach (var arg in new[] { "reporter", "--child", trace })
        {
            info.ArgumentList.Add(arg);
        }

        using var child = Process.Start(info)!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            Console.Error.WriteLine($"reporter: the reporting child failed (exit {child.ExitCode})");
            return null;
        }

        var values = new Dictionary<string, string>();
        foreach (var pair in output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals > 0)
            {
                values[pair.Substring(0, equals)] = pair.Substring(equals + 1);
            }
        }

        return values;
    }

    /// <summary>The child: times the reports of <paramref name="trace"/> and prints key=value pairs on stdout.</summary>
    private static int Child(string trace)
    {
        using var file = TraceFile.Open(trace);
        long events = 0;
        long paths = 0;
        var tree = Best(() =>
        {
            var built = CallTree.Build(file);
            TreeRenderer.Render(built, TextWriter.Null);
            events = built.EventCount;
            paths = built.PathCount;
            return built;
        }, out var treeSeconds);
        Best(() => CallTree.Build(file), out var buildSeconds);
        var render = Time(() => TreeRenderer.Render(tree, TextWriter.Null));
        var folded = Time(() => FoldedRenderer.Render(tree, TextWriter.Null));
        var json = Time(() => JsonRenderer.Render(tree, TextWriter.Null));
        var top = Time(() => TopRenderer.Render(FlatProfile.Of(tree), 20, TextWriter.Null));
        tree = null;
        GC.Collect();

        var sink = new CountingStream();
        Best(() =>
        {
            sink.Count = 0;
            ChromeRenderer.Render(file, sink);
            return sink;
        }, out var chromeSeconds);
        var calls = events / 2.0;
        var peak = PeakMegabytes();
        Console.Error.WriteLine(
            $"reporter: {events:N0} events, {paths:N0} call paths, {file.Threads.Count} threads; tree {treeSeconds:F2}s (build {buildSeconds:F2}s, render {render:F2}s; then folded +{folded:F2}s, json +{json:F2}s, top +{top:F2}s); "
            + $"chrome {chromeSeconds:F2}s, {sink.Count / (1 << 20):N0} MiB, {sink.Count / calls:F1} bytes/call; peak {peak} MB; best of {Runs}, {Environment.ProcessorCount} cores");
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"events={events} tree_events_per_s={(long)(events / treeSeconds)} chrome_events_per_s={(long)(events / chromeSeconds)} peak_mb={peak} chrome_bytes_per_call={sink.Count / calls:F1}"));
        return 0;
    }

    private static T Best<T>(Func<T> run, out double seconds)
    {
        seconds = double.MaxValue;
        T result = default!;
        for (var i = 0; i < Runs; i++)
        {
            var clock = Stopwatch.StartNew();
            result = run();
            seconds = Math.Min(seconds, clock.Elapsed.TotalSeconds);
        }

        return result;
    }

    private static double Time(Action run)
    {
        var clock = Stopwatch.StartNew();
        run();
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Peak resident memory of this process: VmHWM on Linux, else the peak working set.</summary>
    private static long PeakMegabytes()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line != null)
            {
                var kb = long.Parse(line.Substring(6).Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return (kb + 1023) / 1024;
            }
        }
        catch (IOException)
        {
        }

        return Process.GetCurrentProcess().PeakWorkingSet64 >> 20;
    }

    /// <summary>A sink that only counts the bytes written to it.</summary>
    private sealed class CountingStream : Stream
    {
        public long Count;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Count;

        public override long Position
        {
            get => Count;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Count += count;

        public override void Write(ReadOnlySpan<byte> buffer) => Count += buffer.Length;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
