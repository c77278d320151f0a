using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using GoTrace.Benchmarks;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Otlp;

/// <summary>
/// A trace of 10 million calls exported with a threshold streams: the managed heap stays within a bound that
/// has nothing to do with the trace's size, and every call is either a span or counted in one.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class OtlpLargeTraceTests
{
    private const long Events = 20_000_000;
    private const long HeapBoundBytes = 64L << 20;

    [Test]
    public void Ten_million_calls_export_in_bounded_memory()
    {
        var directory = RepoPaths.NewTempDirectory("gotrace-otlp-large");
        try
        {
            var path = Path.Combine(directory, "large.gotrace");
            var written = ReporterSyntheticTrace.Write(path, Events);
            using var endpoint = new AcceptingEndpoint();
            using var file = TraceFile.Open(path);

            GC.Collect();
            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            long peak = 0;
            using var done = new ManualResetEventSlim();
            var sampler = new Thread(() =>
            {
                do
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(false) - baseline);
                }
                while (!done.Wait(10));
            });
            sampler.Start();
            OtlpExportResult result;
            try
            {
                result = OtlpExporter.Export(file, new OtlpExportOptions { Endpoint = new Uri(endpoint.Url), MinDurationNanos = 1_000_000 });
            }
            finally
            {
                done.Set();
                sampler.Join();
            }

            var calls = written / 2;
            calls.ShouldBeGreaterThanOrEqualTo(10_000_000);
            result.Spans.ShouldBeGreaterThan(0);
            (result.Spans + result.HiddenCalls + result.UnattributedCalls).ShouldBe(calls);
            endpoint.Requests.ShouldBeGreaterThan(0);
            peak.ShouldBeLessThan(HeapBoundBytes, $"peak managed heap growth {peak >> 20} MiB for {calls:N0} calls ({new FileInfo(path).Length >> 20} MiB of trace)");
            TestContext.Progress.WriteLine($"otlp export of {calls:N0} calls: {result.Spans:N0} spans in {result.Elapsed.TotalSeconds:F1}s, peak heap growth {peak >> 20} MiB");
        }
        finally
        {
            RepoPaths.DeleteDirectories(directory);
        }
    }

    /// <summary>A local OTLP/HTTP endpoint that accepts everything and counts the requests.</summary>
    internal sealed class AcceptingEndpoint : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _serving;
        private int _requests;

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
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                    {
                        return;
                    }

                    Interlocked.Increment(ref _requests);
                    await context.Request.InputStream.CopyToAsync(Stream.Null);
                    context.Response.StatusCode = 200;
                    context.Response.ContentType = "application/x-protobuf";
                    context.Response.Close();
                }
            });
        }

        public string Url { get; }

        public int Requests => Volatile.Read(ref _requests);

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
