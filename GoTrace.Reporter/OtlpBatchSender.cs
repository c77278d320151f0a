using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;
using OpenTelemetry;

namespace GoTrace.Reporter;

/// <summary>
/// Hands ended spans to the OTLP exporter in batches, from a thread of its own, through a short queue that
/// makes the span builder wait when the exporter falls behind: at most <see cref="QueuedBatches"/> batches
/// are held, however large the trace (the SDK's own batch processor drops spans when its queue is full).
/// The exporter retries what may pass later; a batch it gives up on stops the export: <see cref="Failed"/>
/// is set and <see cref="FailedToken"/> cancelled, later spans are dropped.
/// </summary>
internal sealed class OtlpBatchSender : BaseExportProcessor<Activity>
{
    public const int BatchSize = 512;
    private const int QueuedBatches = 4;

    private readonly BlockingCollection<(Activity[] Spans, int Count)> _queue = new(QueuedBatches);
    private readonly CancellationTokenSource _failed = new();
    private readonly Thread _thread;
    private Activity[] _batch = new Activity[BatchSize];
    private int _count;
    private long _sent;

    public OtlpBatchSender(BaseExporter<Activity> exporter)
        : base(exporter)
    {
        _thread = new Thread(Send) { IsBackground = true, Name = "gotrace-report otlp" };
        _thread.Start();
    }

    public bool Failed => _failed.IsCancellationRequested;

    /// <summary>Cancelled when the exporter gave up on a batch.</summary>
    public CancellationToken FailedToken => _failed.Token;

    /// <summary>Spans the endpoint accepted.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Sends what is left and waits for the exporter to finish with it.</summary>
    public void Complete()
    {
        if (_count > 0 && !Failed)
        {
            _queue.Add((_batch, _count));
        }

        _count = 0;
        _queue.CompleteAdding();
        _thread.Join();
    }

    protected override void OnExport(Activity data)
    {
        if (Failed)
        {
            return;
        }

        _batch[_count++] = data;
        if (_count == BatchSize)
        {
            _queue.Add((_batch, _count));
            _batch = new Activity[BatchSize];
            _count = 0;
        }
    }

    protected override bool OnShutdown(int timeoutMilliseconds)
    {
        if (!_queue.IsAddingCompleted)
        {
            Complete();
        }

        return base.OnShutdown(timeoutMilliseconds);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _queue.Dispose();
            _failed.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Send()
    {
        foreach (var (spans, count) in _queue.GetConsumingEnumerable())
        {
            if (Failed)
            {
                continue; // drain, so the builder never waits on a queue nobody reads
            }

            var batch = new Batch<Activity>(spans, count);
            if (exporter.Export(batch) == ExportResult.Success)
            {
                Interlocked.Add(ref _sent, count);
            }
            else
            {
                _failed.Cancel();
            }
        }
    }
}
