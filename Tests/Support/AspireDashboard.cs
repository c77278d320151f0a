using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace Tests.Support;

/// <summary>
/// The Aspire dashboard as a real OTLP backend: the executable of the restored NuGet package
/// Aspire.Dashboard.Sdk.linux-x64, run unsecured on loopback with OTLP/HTTP, OTLP/gRPC and its frontend (which
/// serves the telemetry API, /api/telemetry/spans as OTLP JSON) on free ports, its home in a temporary folder.
/// <see cref="Dispose"/> always stops it.
/// </summary>
public sealed class AspireDashboard : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly string _home;
    private readonly StringBuilder _log = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private AspireDashboard(Process process, string home, int frontend, int grpc, int http)
    {
        _process = process;
        _home = home;
        FrontendUrl = $"http://127.0.0.1:{frontend}";
        OtlpGrpcUrl = $"http://127.0.0.1:{grpc}";
        OtlpHttpUrl = $"http://127.0.0.1:{http}";
    }

    /// <summary>The frontend, and the telemetry API under /api/telemetry.</summary>
    public string FrontendUrl { get; }

    public string OtlpGrpcUrl { get; }

    public string OtlpHttpUrl { get; }

    /// <summary>What the dashboard printed so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The dashboard executable inside the restored package.</summary>
    public static string Executable
    {
        get
        {
            var package = typeof(AspireDashboard).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "AspireDashboardPackage")?.Value;
            if (string.IsNullOrEmpty(package))
            {
                throw new InvalidOperationException("the Aspire.Dashboard.Sdk.linux-x64 package folder is unknown: restore Tests/Tests.csproj");
            }

            return Path.Combine(package, "tools", OperatingSystem.IsWindows() ? "Aspire.Dashboard.exe" : "Aspire.Dashboard");
        }
    }

    /// <summary>Starts the dashboard and waits until its API answers.</summary>
    public static AspireDashboard Start()
    {
        var executable = Executable;
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException("the Aspire dashboard is not in its restored package", executable);
        }

        // NuGet does not restore file modes everywhere: the package lists the executable as 755.
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(executable) & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(executable, File.GetUnixFileMode(executable) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        var ports = FreePorts(3);
        var home = RepoPaths.NewTempDirectory("gotrace-aspire");
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = Path.GetDirectoryName(executable)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.Environment["HOME"] = home;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ports[0]}";
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{ports[1]}";
        start.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{ports[2]}";
        start.Environment["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        start.Environment["Dashboard__Api__Enabled"] = "true";
        start.Environment["Dashboard__Api__AuthMode"] = "Unsecured";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var inherited in new[] { "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "ASPNETCORE_ENVIRONMENT" })
        {
            start.Environment.Remove(inherited);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the Aspire dashboard did not start");
        var dashboard = new AspireDashboard(process, home, ports[0], ports[1], ports[2]);
        process.OutputDataReceived += (_, e) => dashboard.Append(e.Data);
        process.ErrorDataReceived += (_, e) => dashboard.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            dashboard.WaitUntilReady();
            return dashboard;
        }
        catch
        {
            dashboard.Dispose();
            throw;
        }
    }

    /// <summary>Every span the dashboard holds (the API's OTLP JSON, flattened), with its resource's attributes.</summary>
    public List<ReceivedSpan> Spans()
    {
        using var response = _http.GetAsync(FrontendUrl + "/api/telemetry/spans?limit=100000").GetAwaiter().GetResult();
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET /api/telemetry/spans answered {(int)response.StatusCode}: {body}");
        }

        using var json = JsonDocument.Parse(body);
        var spans = new List<ReceivedSpan>();
        foreach (var resourceSpans in json.RootElement.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        {
            var resource = Attributes(resourceSpans.GetProperty("resource"));
            foreach (var scope in resourceSpans.GetProperty("scopeSpans").EnumerateArray())
            {
                foreach (var span in scope.GetProperty("spans").EnumerateArray())
                {
                    spans.Add(new ReceivedSpan(
                        span.GetProperty("traceId").GetString()!,
                        span.GetProperty("spanId").GetString()!,
                        span.TryGetProperty("parentSpanId", out var parent) ? parent.GetString() ?? string.Empty : string.Empty,
                        span.GetProperty("name").GetString()!,
                        long.Parse(span.GetProperty("startTimeUnixNano").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                        long.Parse(span.GetProperty("endTimeUnixNano").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                        Attributes(span),
                        resource));
                }
            }
        }

        return spans;
    }

    /// <summary>The trace ids <c>/api/telemetry/traces</c> lists (every <c>traceId</c> in its OTLP JSON).</summary>
    public HashSet<string> TraceIds()
    {
        using var response = _http.GetAsync(FrontendUrl + "/api/telemetry/traces?limit=100000").GetAwaiter().GetResult();
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET /api/telemetry/traces answered {(int)response.StatusCode}: {body}");
        }

        using var json = JsonDocument.Parse(body);
        var ids = new HashSet<string>();
        void Collect(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "traceId" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        ids.Add(property.Value.GetString()!);
                    }
                    else
                    {
                        Collect(property.Value);
                    }
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item);
                }
            }
        }

        Collect(json.RootElement);
        return ids;
    }

    /// <summary>The spans of one service, waiting (a little) for the dashboard to have stored <paramref name="atLeast"/> of them.</summary>
    public List<ReceivedSpan> SpansOf(string serviceName, int atLeast = 1)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var spans = Spans().Where(s => s.Resource.GetValueOrDefault("service.name") == serviceName).ToList();
            if (spans.Count >= atLeast || DateTime.UtcNow > deadline)
            {
                return spans;
            }

            Thread.Sleep(200);
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(30_000);
        }
        catch (InvalidOperationException)
        {
        }
        finally
        {
            _process.Dispose();
            _http.Dispose();
            RepoPaths.DeleteDirectories(_home);
        }
    }

    private static Dictionary<string, string> Attributes(JsonElement element)
    {
        var attributes = new Dictionary<string, string>();
        if (!element.TryGetProperty("attributes", out var list))
        {
            return attributes;
        }

        foreach (var attribute in list.EnumerateArray())
        {
            var value = attribute.GetProperty("value");
            var text = value.EnumerateObject().Select(p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()).FirstOrDefault() ?? string.Empty;
            attributes[attribute.GetProperty("key").GetString()!] = text;
        }

        return attributes;
    }

    /// <summary>Ports free right now on loopback (the dashboard binds them moments later).</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }

    private void Append(string? line)
    {
        if (line == null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private void WaitUntilReady()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the Aspire dashboard exited with {_process.ExitCode}:\n{Log}");
            }

            // The OTLP endpoints are announced once listening; the API answers once the app is up.
            if (Log.Contains("OTLP/HTTP listening on", StringComparison.Ordinal) && Log.Contains("OTLP/gRPC listening on", StringComparison.Ordinal))
            {
                try
                {
                    using var response = _http.GetAsync(FrontendUrl + "/api/telemetry/spans?limit=1").GetAwaiter().GetResult();
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }
            }

            Thread.Sleep(250);
        }

        throw new TimeoutException($"the Aspire dashboard did not answer within {StartTimeout.TotalSeconds}s:\n{Log}");
    }
}

/// <summary>A span as the dashboard's API returns it; attribute values as text.</summary>
public sealed record ReceivedSpan(
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    long StartUnixNanos,
    long EndUnixNanos,
    Dictionary<string, string> Attributes,
    Dictionary<string, string> Resource)
{
    public string? this[string attribute] => Attributes.GetValueOrDefault(attribute);

    public override string ToString() => $"{Name} [{SpanId} ← {ParentSpanId}]";
}
