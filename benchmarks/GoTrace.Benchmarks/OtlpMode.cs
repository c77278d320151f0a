using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using GoTrace.Reporter;

namespace GoTrace.Benchmarks;

/// <summary>
/// Quick summary mode 'otlp': <c>dotnet run -c Release --project benchmarks/GoTrace.Benchmarks -- otlp
/// [--calls N]</c>. Writes two synthetic traces (<see cref="ReporterSyntheticTrace"/>): N calls (10 million by
/// default) exported with the default 1 ms threshold, and N/10 calls exported with no threshold (every call a
/// span), both over OTLP/HTTP to a local endpoint that accepts everything; median of three runs each, and the
/// managed heap's peak growth during the exports. Ends with one line:
/// <c>otlp: calls=&lt;n&gt; threshold_calls_per_s=&lt;x&gt; spans_per_s=&lt;y&gt; peak_heap_mb=&lt;m&gt;</c>.
/// </summary>
public static class OtlpMode
{
    private const int Runs = 3;

    public static int Run(string[] args)
    {
        long calls = 10_000_000;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--calls" && i + 1 < args.Length && long.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                calls = n;
                i++;
            }
            else
            {
                Console.Error.WriteLine($"otlp: unknown argument {args[i]} (use --calls N)");
                return 2;
            }
        }

        var directory = Path.Combine(Path.GetTempPath(), $"gotrace-otlp-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        using var endpoint = new AcceptingEndpoint();
        try
        {
            var large = Path.Combine(directory, "large.gotrace");
            var small = Path.Combine(directory, "small.gotrace");
            var largeCalls = ReporterSyntheticTrace.Write(large, calls * 2) / 2;
            var smallCalls = ReporterSyntheticTrace.Write(small, calls / 10 * 2, seed: 2) / 2;
            long peak = 0;
            var threshold = Median(large, OtlpExporter.DefaultMinDurationNanos, endpoint, ref peak, out var thresholdSpans);
            var every = Median(small, 0, endpoint, ref peak, out var everySpans);
            Console.Error.WriteLine(
                $"otlp: {largeCalls:N0} calls with the 1ms threshold: {thresholdSpans:N0} spans in {threshold:F2}s; "
                + $"{smallCalls:N0} calls with no threshold: {everySpans:N0} spans in {every:F2}s; median of {Runs}, {Environment.ProcessorCount} cores, load {LoadAverage()}");
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"otlp: calls={largeCalls} threshold_calls_per_s={(long)(largeCalls / threshold)} spans_per_s={(long)(everySpans / every)} peak_heap_mb={peak >> 20}"));
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Median seconds of <see cref="Runs"/> exports of <paramref name="trace"/>; the heap's peak growth goes into <paramref name="peak"/>.</summary>
    private static double Median(string trace, long minNanos, AcceptingEndpoint endpoint, ref long peak, out long spans)
    {
        using var file = TraceFile.Open(trace);
        var seconds = new double[Runs];
        spans = 0;
        for (var run = 0; run < Runs; run++)
        {
            GC.Collect();
            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            long runPeak = 0;
            using var done = new ManualResetEventSlim();
            var sampler = new Thread(() =>
            {
                do
                {
                    runPeak = Math.Max(runPeak, GC.GetTotalMemory(false) - baseline);
                }
                while (!done.Wait(10));
            });
            sampler.Start();
            var clock = Stopwatch.StartNew();
            var result = OtlpExporter.Export(file, new OtlpExportOptions { Endpoint = new Uri(endpoint.Url), MinDurationNanos = minNanos });
            seconds[run] = clock.Elapsed.TotalSeconds;
            done.Set();
            sampler.Join();
            peak = Math.Max(peak, runPeak);
            spans = result.Spans;
        }

        return seconds.OrderBy(s => s).ElementAt(Runs / 2);
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>A local OTLP/HTTP endpoint that accepts every request (and reads it whole), so the network is not measured.</summary>
    private sealed class AcceptingEndpoint : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _serving;

        public AcceptingEndpoint()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/";
            probe.Stop();
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _serving = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    try
                    {
                        var context = await _listener.GetContextAsync();
                        await context.Request.InputStream.CopyToAsync(Stream.Null);
                        context.Response.StatusCode = 200;
                        context.Response.Close();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                    {
                        return;
                    }
                }
            });
        }

        public string Url { get; }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
