using System;
using System.IO;
using System.Net;
using System.Threading;
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
            using var endpoint = new LocalHttpEndpoint(HttpStatusCode.OK);
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
}
