using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Linq;
using System.Threading;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GoTrace.Reporter;

/// <summary>
/// <c>--otlp &lt;endpoint&gt;</c>: sends the logical tree's calls as spans to an OpenTelemetry backend with the
/// OpenTelemetry SDK's OTLP exporter (<see cref="OtlpSpanBuilder"/> makes the spans, in time order from
/// <see cref="TimelineMerge"/>; <see cref="OtlpBatchSender"/> sends them). Span times are wall-clock times: the
/// trace's start plus the clock's ticks since.
/// </summary>
public static class OtlpExporter
{
    /// <summary>Calls shorter than this are counted into their parent instead of sent, unless --min-duration says otherwise.</summary>
    public const long DefaultMinDurationNanos = 1_000_000;

    private const string RetryVariable = "OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY";

    /// <summary>The instrumentation scope of the spans.</summary>
    public const string ScopeName = "GoTrace";

    /// <summary>Sends the trace's spans; throws <see cref="OtlpExportException"/> (one line) when the endpoint refuses them or cannot be reached.</summary>
    public static OtlpExportResult Export(TraceFile file, OtlpExportOptions options) => Export(file, options, null);

    internal static OtlpExportResult Export(TraceFile file, OtlpExportOptions options, ProgressCounter? progress)
    {
        var endpoint = options.TracesEndpoint();
        var protocol = options.EffectiveProtocol;
        var serviceName = string.IsNullOrWhiteSpace(options.ServiceName) ? DefaultServiceName(file) : options.ServiceName!;
        var watch = Stopwatch.StartNew();
        using var errors = new ExporterErrors();
        var exporterOptions = new OtlpExporterOptions
        {
            Endpoint = endpoint,
            Protocol = protocol == OtlpProtocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf,
        };
        if (options.TimeoutMilliseconds is { } timeout)
        {
            exporterOptions.TimeoutMilliseconds = timeout;
        }

        // The exporter retries transient failures (429, 502, 503, 504, timeouts) only when asked, and only
        // through this variable; a user's own choice (disk) stays.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(RetryVariable)))
        {
            Environment.SetEnvironmentVariable(RetryVariable, "in_memory");
        }

        var sender = new OtlpBatchSender(new OtlpTraceExporter(exporterOptions));
        using var source = new ActivitySource(ScopeName, typeof(OtlpExporter).Assembly.GetName().Version?.ToString(3));
        var resource = ResourceBuilder.CreateDefault()
            .AddService(serviceName)
            .AddAttributes(ResourceAttributes(file));
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .SetSampler(new AlwaysOnSampler())
            .AddSource(ScopeName)
            .AddProcessor(sender)
            .Build())
        {
            var sink = new ActivitySink(file, source);
            var builder = new OtlpSpanBuilder(file, sink, (long)Math.Ceiling((options.MinDurationNanos ?? DefaultMinDurationNanos) / 1e9 * file.ClockFrequency));
            var merge = new TimelineMerge(file, file.Threads, progress);
            var previous = Activity.Current;
            try
            {
                merge.Run(builder, sender.FailedToken);
                if (!sender.Failed)
                {
                    builder.Finish(file.EndOfTraceTicks(file.LatestEventTicks()));
                }
            }
            catch (OperationCanceledException) when (sender.Failed)
            {
            }
            finally
            {
                Activity.Current = previous;
                sender.Complete();
            }

            if (sender.Failed)
            {
                throw new OtlpExportException($"cannot send spans to {endpoint} ({Describe(protocol)}): {errors.Reason ?? "the exporter gave up"}");
            }

            var result = new OtlpExportResult(
                endpoint, protocol, serviceName, sender.Sent, sink.Traces, builder.HiddenCalls, builder.UnattributedCalls, builder.OrphanRuns, watch.Elapsed, TraceNotes.Describe(file, merge.Counts, allThreads: true));
            return result;
        }
    }

    /// <summary>
    /// The traced program: its process name, or for <c>dotnet App.dll</c> the assembly's name, else the trace
    /// file's name up to the first dot.
    /// </summary>
    public static string DefaultServiceName(TraceFile file)
    {
        if (file.ProcessName.Length > 0 && file.ProcessName != "dotnet")
        {
            return file.ProcessName;
        }

        var program = file.CommandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(a => a.EndsWith(".dll", StringComparison.OrdinalIgnoreCase));
        if (program != null)
        {
            return System.IO.Path.GetFileNameWithoutExtension(program);
        }

        if (file.ProcessName.Length > 0)
        {
            return file.ProcessName;
        }

        var name = System.IO.Path.GetFileName(file.Path);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? name.Substring(0, dot) : name.Length > 0 ? name : "gotrace";
    }

    internal static string Describe(OtlpProtocol protocol) => protocol == OtlpProtocol.Grpc ? "OTLP/gRPC" : "OTLP/HTTP";

    private static IEnumerable<KeyValuePair<string, object>> ResourceAttributes(TraceFile file)
    {
        yield return new("process.pid", (long)file.ProcessId);
        yield return new("host.name", Environment.MachineName);
        if (file.CommandLine.Length > 0)
        {
            yield return new("process.command_line", file.CommandLine);
        }

        if (file.RuntimeDescription.Length > 0)
        {
            yield return new("process.runtime.description", file.RuntimeDescription);
        }

        yield return new("gotrace.trace_start", file.StartTime.ToString("O", CultureInfo.InvariantCulture));
    }

    /// <summary>Makes the builder's spans through the SDK's activity source, at the trace's wall-clock times.</summary>
    private sealed class ActivitySink : IOtlpSpanSink
    {
        private readonly ActivitySource _source;
        private readonly DateTime _startUtc;
        private readonly long _startTicks;
        private readonly double _dotnetTicksPerTick;
        private readonly HashSet<ActivityTraceId> _joined = new();

        public ActivitySink(TraceFile file, ActivitySource source)
        {
            _source = source;
            _startUtc = file.StartTime.UtcDateTime;
            _startTicks = file.StartTicks;
            _dotnetTicksPerTick = TimeSpan.TicksPerSecond / file.ClockFrequency;
        }

        /// <summary>Traces the spans went into: their own, and the recorded activities' they joined.</summary>
        public long Traces { get; private set; }

        public Activity Start(string name, string fullName, ActivityContext parent, long startTicks)
        {
            // A root must not pick up whatever span is current: it starts a trace of its own.
            Activity.Current = null;
            var activity = _source.StartActivity(name, ActivityKind.Internal, parent, startTime: Time(startTicks))
                ?? throw new InvalidOperationException("the OpenTelemetry SDK is not listening to the export's activity source");
            Activity.Current = null;
            activity.SetTag("code.function.name", fullName);
            if (parent == default || (parent.IsRemote && _joined.Add(parent.TraceId)))
            {
                Traces++; // a trace of its own, or the first span put into a recorded activity's trace
            }

            return activity;
        }

        public void Stop(Activity activity, long endTicks)
        {
            var end = Time(endTicks);

            // An activity without a duration would take the current time as its end.
            activity.SetEndTime(end > activity.StartTimeUtc ? end : activity.StartTimeUtc.AddTicks(1));
            activity.Stop();
        }

        private DateTime Time(long ticks) => _startUtc.AddTicks((long)Math.Round((ticks - _startTicks) * _dotnetTicksPerTick));
    }

    /// <summary>
    /// Listens to the OTLP exporter's event source for the reason an export failed (the exporter returns only
    /// "failure"): the first error's message, its first line.
    /// </summary>
    private sealed class ExporterErrors : EventListener
    {
        private const string SourceName = "OpenTelemetry-Exporter-OpenTelemetryProtocol";
        private string? _reason;

        public string? Reason => Volatile.Read(ref _reason);

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == SourceName)
            {
                EnableEvents(eventSource, EventLevel.Error);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventSource.Name != SourceName || eventData.Level > EventLevel.Error || Reason != null)
            {
                return;
            }

            var message = eventData.Message is { Length: > 0 } format && eventData.Payload != null
                ? string.Format(CultureInfo.InvariantCulture, format, eventData.Payload.ToArray())
                : eventData.EventName ?? "export failed";
            Interlocked.CompareExchange(ref _reason, FirstLine(message), null);
        }

        /// <summary>The innermost exception's message when there is one (<c>Connection refused (…)</c>), on one line.</summary>
        private static string FirstLine(string message)
        {
            var line = message.Split('\n')[0].Trim();
            var exception = line.LastIndexOf("Exception: ", StringComparison.Ordinal);
            if (exception >= 0)
            {
                line = line.Substring(exception + "Exception: ".Length).Trim();
            }

            return line.Length > 400 ? line.Substring(0, 400) + "…" : line;
        }
    }
}

/// <summary>The wire protocol of an OTLP endpoint.</summary>
public enum OtlpProtocol
{
    /// <summary>HTTP/protobuf (port 4318 by convention): POST to <c>/v1/traces</c>.</summary>
    HttpProtobuf,

    /// <summary>gRPC (port 4317 by convention).</summary>
    Grpc,
}

/// <summary>Where and how <see cref="OtlpExporter"/> sends spans.</summary>
public sealed class OtlpExportOptions
{
    /// <summary>The OTLP endpoint: <c>http://host:4318</c> (or its <c>/v1/traces</c>), <c>http://host:4317</c> for gRPC.</summary>
    public Uri Endpoint { get; set; } = new("http://localhost:4318");

    /// <summary>The protocol; when null, gRPC for port 4317 and HTTP/protobuf otherwise.</summary>
    public OtlpProtocol? Protocol { get; set; }

    /// <summary>The resource's <c>service.name</c>; the traced process's name when null.</summary>
    public string? ServiceName { get; set; }

    /// <summary>Calls shorter than this are counted into their parent span instead of sent (default 1 ms).</summary>
    public long? MinDurationNanos { get; set; }

    /// <summary>How long one export (with its retries) may take; the exporter's default (10 s) when null.</summary>
    public int? TimeoutMilliseconds { get; set; }

    public OtlpProtocol EffectiveProtocol => Protocol ?? (Endpoint.Port == 4317 ? OtlpProtocol.Grpc : OtlpProtocol.HttpProtobuf);

    /// <summary>The URL the exporter posts to: over HTTP the endpoint with <c>/v1/traces</c> added unless its path names one.</summary>
    public Uri TracesEndpoint()
    {
        if (EffectiveProtocol == OtlpProtocol.Grpc || Endpoint.AbsolutePath.Trim('/').Length > 0)
        {
            return Endpoint;
        }

        return new Uri(Endpoint, "/v1/traces");
    }

    /// <summary>Reads an endpoint given on the command line: an absolute http:// or https:// URL.</summary>
    public static bool TryParseEndpoint(string text, out Uri endpoint)
    {
        if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps) && parsed.Host.Length > 0)
        {
            endpoint = parsed;
            return true;
        }

        endpoint = null!;
        return false;
    }
}

/// <summary>What an export sent.</summary>
public sealed record OtlpExportResult(
    Uri Endpoint,
    OtlpProtocol Protocol,
    string ServiceName,
    long Spans,
    long Traces,
    long HiddenCalls,
    long UnattributedCalls,
    long OrphanRuns,
    TimeSpan Elapsed,
    IReadOnlyList<string> Notes)
{
    /// <summary>One line for stderr: what went where, and what the threshold folded.</summary>
    public string Summary(long minDurationNanos)
    {
        var threshold = DurationFormat.Format(minDurationNanos / 1e9);
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"sent {Spans:N0} span{(Spans == 1 ? string.Empty : "s")} in {Traces:N0} trace{(Traces == 1 ? string.Empty : "s")} to {Endpoint} ({OtlpExporter.Describe(Protocol)}, service.name {ServiceName}); {HiddenCalls:N0} calls under {threshold} counted in their parents' attributes");
        if (UnattributedCalls > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", {UnattributedCalls:N0} more in work that outlived its starter not sent");
        }

        return text;
    }
}

/// <summary>The endpoint refused the spans or could not be reached; the message is one line.</summary>
public sealed class OtlpExportException : Exception
{
    public OtlpExportException(string message)
        : base(message)
    {
    }
}
