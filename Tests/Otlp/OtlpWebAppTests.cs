using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Otlp;

/// <summary>
/// The road the export is for: a woven ASP.NET Core app (<c>gotrace exec samples/WebApp</c>) serves requests that
/// each carry their own <c>traceparent</c>; its trace, exported with <c>--otlp</c> to the Aspire dashboard, puts each
/// request's method spans into that request's distributed trace, under the server span ASP.NET Core started for it.
/// The server span ids come from the app's own log (its JSON console log with scopes: ASP.NET Core's
/// <c>SpanId</c>, <c>TraceId</c> and <c>ParentId</c> for each request), not from GoTrace.
/// </summary>
[TestFixture]
[NonParallelizable]
[Platform(Exclude = "Win")]
public sealed class OtlpWebAppTests
{
    private const string Handler = "OrderService.GetOrderAsync";
    private const string SyncHandler = "OrderService.Quote";
    private const int Requests = 12;
    private const int Concurrency = 4;

    private readonly Dictionary<int, (string TraceId, string ClientSpanId)> _sent = new();
    private readonly Dictionary<int, (string TraceId, string ClientSpanId)> _quotes = new();
    private readonly Dictionary<string, (string SpanId, string ParentId)> _serverSpans = new();
    private AspireDashboard _dashboard = null!;
    private string _temp = string.Empty;
    private string _trace = string.Empty;
    private List<ReceivedSpan> _all = null!;
    private List<ReceivedSpan> _kept = null!;
    private string _keptOutput = string.Empty;
    private string _allOutput = string.Empty;

    [OneTimeSetUp]
    public void ServeRequestsExportAndRead()
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            Assert.Ignore("the dashboard of the Aspire.Dashboard.Sdk.linux-x64 package runs on linux-x64 only");
        }

        _temp = RepoPaths.NewTempDirectory("gotrace-otlp-webapp");
        using (var app = ServedWebApp.Start(
            _temp,
            "--Logging:Console:FormatterName=json",
            "--Logging:Console:FormatterOptions:IncludeScopes=true",
            "--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Information"))
        {
            try
            {
                Send(app.Url);
            }
            finally
            {
                app.Stop();
            }

            app.ExitCode.ShouldBe(0, app.StdErr);
            _trace = app.Trace;
            ReadServerSpans(app.StdOut + app.StdErr);
        }

        _dashboard = AspireDashboard.Start();
        (_all, _allOutput) = Export("webapp-all", "--min-duration", "0");
        (_kept, _keptOutput) = Export("webapp-1ms");
    }

    [OneTimeTearDown]
    public void StopAndDelete()
    {
        _dashboard?.Dispose();
        RepoPaths.DeleteDirectories(_temp);
    }

    [Test]
    public void Each_requests_handler_span_is_in_that_requests_trace_under_the_server_span()
    {
        _serverSpans.Count.ShouldBeGreaterThanOrEqualTo(Requests, "the app's log names each request's server span");
        var handlers = _all.Where(s => s.Name == Handler).ToList();
        foreach (var (order, (traceId, clientSpanId)) in _sent)
        {
            var server = _serverSpans[traceId];
            server.ParentId.ShouldBe(clientSpanId, "ASP.NET Core continued the request's traceparent");
            var handler = handlers.Where(s => s.TraceId == traceId).ShouldHaveSingleItem($"order {order}: {Handler} in trace {traceId}");
            handler.ParentSpanId.ShouldBe(server.SpanId, $"order {order}");
            handler["gotrace.kind"].ShouldBe("async");
        }

        // The dashboard lists each request's trace.
        var traces = _dashboard.TraceIds();
        _sent.Values.Select(v => v.TraceId).ShouldAllBe(id => traces.Contains(id));
    }

    [Test]
    public void A_synchronous_handler_is_in_its_requests_trace_under_the_server_span()
    {
        var handlers = _all.Where(s => s.Name == SyncHandler).ToList();
        foreach (var (quantity, (traceId, clientSpanId)) in _quotes)
        {
            var server = _serverSpans[traceId];
            server.ParentId.ShouldBe(clientSpanId, "ASP.NET Core continued the request's traceparent");
            var handler = handlers.Where(s => s.TraceId == traceId).ShouldHaveSingleItem($"quote {quantity}: {SyncHandler} in trace {traceId}");
            handler.ParentSpanId.ShouldBe(server.SpanId, $"quote {quantity}");
            handler["gotrace.kind"].ShouldBeNull("a plain call");
            ChildNamed(_all.Where(s => s.TraceId == traceId).ToList(), handler, "PriceList.Quote");
        }

        // Each quote is in its own request's trace: none strays into an order's, nor an order's calls into a quote's.
        handlers.Count.ShouldBe(_quotes.Count);
        var quoteTraces = _quotes.Values.Select(v => v.TraceId).ToHashSet();
        _all.Where(s => quoteTraces.Contains(s.TraceId)).ShouldAllBe(s => s.Name == SyncHandler || s.Name.StartsWith("PriceList."));
    }

    [Test]
    public void The_calls_inside_a_request_nest_under_its_handler_in_its_trace()
    {
        foreach (var (traceId, _) in _sent.Values)
        {
            var spans = _all.Where(s => s.TraceId == traceId).ToList();
            var handler = spans.Single(s => s.Name == Handler);
            var load = ChildNamed(spans, handler, "OrderStore.LoadAsync");
            load["gotrace.kind"].ShouldBe("async");
            var query = ChildNamed(spans, load, "OrderStore.QueryAsync");
            query["gotrace.kind"].ShouldBe("async");
            ChildrenNamed(spans, ChildNamed(spans, load, "OrderStore.Parse"), "OrderStore.ParseLine").ShouldAllBe(s => s["gotrace.kind"] == null);
            var total = ChildNamed(spans, handler, "PriceList.Total");
            total["gotrace.kind"].ShouldBeNull("a plain call");
            ChildrenNamed(spans, total, "PriceList.PriceOf");
            ChildNamed(spans, handler, "Templates.RenderAsync")["gotrace.kind"].ShouldBe("async");

            // Only the handler's own tree is in the request's trace, and every span of it hangs off the handler.
            var byId = spans.ToDictionary(s => s.SpanId);
            foreach (var span in spans.Where(s => s != handler))
            {
                var at = span;
                while (byId.TryGetValue(at.ParentSpanId, out var parent))
                {
                    at = parent;
                }

                at.ShouldBe(handler, $"{span} in trace {traceId}");
            }
        }
    }

    [Test]
    public void Spans_carry_code_thread_and_resource_attributes()
    {
        var handler = _all.First(s => s.Name == Handler && _sent.Values.Any(v => v.TraceId == s.TraceId));
        handler["code.function.name"].ShouldBe("WebApp.OrderService.GetOrderAsync");
        Path.GetFileName(handler["code.file.path"]).ShouldBe("OrderService.cs");
        int.Parse(handler["code.line.number"]!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        handler["thread.id"].ShouldNotBeNullOrEmpty();
        handler.Resource["service.name"].ShouldBe("webapp-all");
        using var file = TraceFile.Open(_trace);
        handler.Resource["process.pid"].ShouldBe(file.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        handler.Resource["host.name"].ShouldBe(Environment.MachineName);

        // Calls under the threshold are counted in the kept spans of the same request, none lost.
        foreach (var (traceId, _) in _sent.Values)
        {
            var kept = _kept.Where(s => s.TraceId == traceId).ToList();
            var hidden = kept.Sum(s => long.Parse(s["gotrace.hidden_calls"] ?? "0", System.Globalization.CultureInfo.InvariantCulture));
            hidden.ShouldBe(_all.Count(s => s.TraceId == traceId) - kept.Count, traceId);
        }

        var keptHandler = _kept.First(s => s.Name == Handler && s.TraceId == _sent.Values.First().TraceId);
        keptHandler["gotrace.hidden_children"]!.ShouldContain("WebApp.PriceList.");
    }

    [Test]
    public void Span_counts_follow_the_threshold()
    {
        // With no threshold every call is a span: as many as the call tree counts.
        var json = JsonDocument.Parse(Report(_trace, out _, "--json")).RootElement;
        // Counted calls (tiny members) have no time, so they are never spans: the summary counts them instead.
        _all.Count.ShouldBe((int)(Nodes(json).Sum(n => n.GetProperty("calls").GetInt64()) - NotSent(_allOutput)), _allOutput);

        // With the default 1 ms: exactly the calls of 1 ms or more, each request's still in its trace.
        static bool Long(ReceivedSpan s) => s.EndUnixNanos - s.StartUnixNanos >= 1_000_000;
        _kept.Count.ShouldBe(_all.Count(Long), _keptOutput);
        foreach (var (traceId, _) in _sent.Values)
        {
            _kept.Where(s => s.TraceId == traceId).Select(s => s.Name).OrderBy(n => n)
                .ShouldBe(_all.Where(s => s.TraceId == traceId && Long(s)).Select(s => s.Name).OrderBy(n => n));
        }
    }

    private static List<ReceivedSpan> ChildrenNamed(List<ReceivedSpan> spans, ReceivedSpan parent, string name)
    {
        var children = spans.Where(s => s.ParentSpanId == parent.SpanId && s.Name == name).ToList();
        children.ShouldNotBeEmpty($"{name} under {parent}");
        return children;
    }

    private static ReceivedSpan ChildNamed(List<ReceivedSpan> spans, ReceivedSpan parent, string name) =>
        spans.Where(s => s.ParentSpanId == parent.SpanId && s.Name == name).ShouldHaveSingleItem($"{name} under {parent} in {string.Join(", ", spans)}");

    /// <summary>Orders 101..112, <see cref="Concurrency"/> at a time, each with a traceparent of its own.</summary>
    private void Send(string url)
    {
        foreach (var order in Enumerable.Range(101, Requests))
        {
            _sent[order] = (Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        }

        // No propagator: the test's own activities must not replace the headers it sets.
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        Parallel.ForEach(_sent, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, pair =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/orders/{pair.Key}");
            request.Headers.Add("traceparent", $"00-{pair.Value.TraceId}-{pair.Value.ClientSpanId}-01");
            using var response = client.Send(request);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        });

        // Synchronous handlers, interleaved on the same pool threads as the orders' continuations.
        foreach (var quantity in Enumerable.Range(1, Requests))
        {
            _quotes[quantity] = (Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        }

        Parallel.ForEach(_sent.Keys.Zip(_quotes), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, pair =>
        {
            using var order = new HttpRequestMessage(HttpMethod.Get, $"/orders/{pair.First + 100}");
            using var quote = new HttpRequestMessage(HttpMethod.Get, $"/quote/sku-{pair.Second.Key}/{pair.Second.Key}");
            quote.Headers.Add("traceparent", $"00-{pair.Second.Value.TraceId}-{pair.Second.Value.ClientSpanId}-01");
            var ordered = client.SendAsync(order);
            using var quoted = client.Send(quote);
            quoted.StatusCode.ShouldBe(HttpStatusCode.OK);
            ordered.Result.StatusCode.ShouldBe(HttpStatusCode.OK);
            ordered.Result.Dispose();
        });
    }

    /// <summary>The server span of each request, from the scopes of ASP.NET Core's "Request starting" log lines.</summary>
    private void ReadServerSpans(string log)
    {
        foreach (var line in log.Split('\n').Where(l => l.StartsWith('{') && l.Contains("Request starting", StringComparison.Ordinal)))
        {
            using var entry = JsonDocument.Parse(line);
            foreach (var scope in entry.RootElement.GetProperty("Scopes").EnumerateArray())
            {
                if (scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("SpanId", out var span) && scope.TryGetProperty("TraceId", out var trace))
                {
                    _serverSpans[trace.GetString()!] = (span.GetString()!, scope.TryGetProperty("ParentId", out var parent) ? parent.GetString()! : string.Empty);
                }
            }
        }
    }

    private (List<ReceivedSpan> Spans, string Output) Export(string serviceName, params string[] options)
    {
        var output = Report(_trace, new[] { "--otlp", _dashboard.OtlpHttpUrl, "--service-name", serviceName }.Concat(options).ToArray());
        var sent = int.Parse(Regex.Match(output, @"sent ([\d,]+) span").Groups[1].Value.Replace(",", string.Empty), System.Globalization.CultureInfo.InvariantCulture);
        var spans = _dashboard.SpansOf(serviceName, sent);
        spans.Count.ShouldBe(sent, output);
        return (spans, output);
    }

    /// <summary>What gotrace-report prints, both streams.</summary>
    private static string Report(string trace, params string[] options) => Report(trace, out var notes, options) + notes;

    /// <summary>What gotrace-report prints on stdout; its notes (stderr) apart.</summary>
    private static string Report(string trace, out string notes, params string[] options)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        ReportCommand.Run(new[] { trace }.Concat(options).ToArray(), stdout, stderr).ShouldBe(0, stderr.ToString());
        notes = stderr.ToString();
        return stdout.ToString();
    }

    /// <summary>The calls an export's summary line says it counted in attributes or could not send.</summary>
    private static long NotSent(string output)
    {
        static long Number(Match match) => match.Success ? long.Parse(match.Groups[1].Value.Replace(",", string.Empty), System.Globalization.CultureInfo.InvariantCulture) : 0;
        return Number(Regex.Match(output, @"; ([\d,]+) calls under")) + Number(Regex.Match(output, @", ([\d,]+) more in work"));
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement roots)
    {
        foreach (var node in roots.EnumerateArray())
        {
            yield return node;
            foreach (var child in Nodes(node.GetProperty("children")))
            {
                yield return child;
            }
        }
    }
}
