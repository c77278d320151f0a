using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using GoTrace.Reporter;
using TracedWorkload = GoTrace.Benchmarks.Traced.Workload;

namespace GoTrace.Benchmarks;

/// <summary>
/// The first report of a freshly written trace against the next ones, part of mode 'reporter'. A woven child
/// process (this program, <c>reporter --write-woven FILE BYTES</c>) writes a trace of at least the given size with
/// recursive Fibonacci and exits; then, in another child so that no page of it is this process's, the call tree is
/// built once at once (fresh: the page cache may still be writing the file back), once after the page cache was
/// dropped (cold: every byte from the disk; needs root, else n/a), and best of two after that (warm). Prints
/// <c>reporter-cold: events= fresh_events_per_s= cold_events_per_s= warm_events_per_s=</c>.
/// </summary>
public static class ColdReadMode
{
    public static long DefaultBytes => 2L << 30;

    /// <summary>Writes the woven trace, reads it the three ways and prints the line; false when a child failed.</summary>
    public static bool Run(long bytes, string directory)
    {
        var trace = Path.Combine(directory, $"gotrace-cold-{Environment.ProcessId}.gotrace");
        try
        {
            var write = Stopwatch.StartNew();
            if (RunSelf(new[] { "reporter", "--write-woven", trace, bytes.ToString(CultureInfo.InvariantCulture) }, trace) is not { ExitCode: 0 })
            {
                Console.Error.WriteLine("reporter-cold: the woven writer failed");
                return false;
            }

            Console.Error.WriteLine($"reporter-cold: a woven process wrote {new FileInfo(trace).Length / (1 << 20):N0} MiB in {write.Elapsed.TotalSeconds:F1}s");
            var read = RunSelf(new[] { "reporter", "--read-cold", trace }, null);
            if (read is not { ExitCode: 0 })
            {
                Console.Error.WriteLine("reporter-cold: the reading child failed");
                return false;
            }

            Console.WriteLine("reporter-cold: " + read.Value.Output.Trim());
            return true;
        }
        finally
        {
            File.Delete(trace);
        }
    }

    /// <summary>The woven writer: Fibonacci until the trace holds <paramref name="bytes"/> of events (16 bytes a call).</summary>
    public static int Write(long bytes)
    {
        var calls = bytes / 16;
        long made = 0;
        while (made < calls)
        {
            TracedWorkload.Fib(30); // 2,692,537 calls
            made += 2_692_537;
        }

        return 0;
    }

    /// <summary>The reading child: fresh, cold, warm; prints the key=value pairs.</summary>
    public static int Read(string trace)
    {
        var fresh = Build(trace, out var events);
        var cold = DropPageCache(trace) ? Build(trace, out _) : double.NaN;
        var warm = Math.Min(Build(trace, out _), Build(trace, out _));
        Console.Error.WriteLine($"reporter-cold: tree of {events:N0} events: fresh {fresh:F2}s, cold {(double.IsNaN(cold) ? "n/a" : cold.ToString("F2", CultureInfo.InvariantCulture) + "s")}, warm {warm:F2}s");
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"events={events} fresh_events_per_s={(long)(events / fresh)} cold_events_per_s={(double.IsNaN(cold) ? "n/a" : ((long)(events / cold)).ToString(CultureInfo.InvariantCulture))} warm_events_per_s={(long)(events / warm)}"));
        return 0;
    }

    private static double Build(string trace, out long events)
    {
        var clock = Stopwatch.StartNew();
        using var file = TraceFile.Open(trace);
        var tree = CallTree.Build(file);
        events = tree.EventCount;
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Writes the file back and drops clean pages from the page cache (Linux, root); false when not allowed.</summary>
    private static bool DropPageCache(string trace)
    {
        try
        {
            using (var stream = new FileStream(trace, FileMode.Open, FileAccess.ReadWrite))
            {
                stream.Flush(flushToDisk: true);
            }

            File.WriteAllText("/proc/sys/vm/drop_caches", "1");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static (int ExitCode, string Output)? RunSelf(string[] args, string? traceOutput)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(ColdReadMode).Assembly.Location);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        if (traceOutput != null)
        {
            info.Environment["GOTRACE_OUTPUT"] = traceOutput;
            info.Environment["GOTRACE_MAX_SIZE"] = "8G";
            info.Environment["GOTRACE_QUIET"] = "1";
        }

        using var child = Process.Start(info);
        if (child == null)
        {
            return null;
        }

        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        return (child.ExitCode, output);
    }
}
