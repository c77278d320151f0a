using System;
using System.Globalization;
using System.IO;
using System.Threading;

namespace GoTrace.Reporter;

/// <summary>
/// A one-line progress display on stderr for reports that take more than a second: nothing for the first
/// second, then <c>gotrace-report: reading events 42% (680 MB of 1.6 GB)</c> redrawn in place a few times a
/// second, erased when the report is done. Only when stderr is a terminal.
/// </summary>
internal sealed class ProgressDisplay : IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private readonly TextWriter _stderr;
    private readonly ProgressCounter _counter;
    private readonly string _what;
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread? _thread;
    private int _shownLength;

    public ProgressDisplay(TextWriter stderr, ProgressCounter counter, string what, bool enabled)
    {
        _stderr = stderr;
        _counter = counter;
        _what = what;
        if (enabled && counter.Total > 0)
        {
            _thread = new Thread(Run) { IsBackground = true, Name = "gotrace-report progress" };
            _thread.Start();
        }
    }

    public void Dispose()
    {
        _stop.Set();
        _thread?.Join();
        if (_shownLength > 0)
        {
            _stderr.Write("\r" + new string(' ', _shownLength) + "\r");
            _stderr.Flush();
        }

        _stop.Dispose();
    }

    private void Run()
    {
        if (_stop.Wait(Delay))
        {
            return;
        }

        do
        {
            var done = Math.Min(_counter.Done, _counter.Total);
            var percent = (int)(done * 100 / _counter.Total);
            var line = $"gotrace-report: {_what} {percent.ToString(CultureInfo.InvariantCulture)}% ({Size(done)} of {Size(_counter.Total)})";
            _stderr.Write("\r" + line.PadRight(_shownLength));
            _stderr.Flush();
            _shownLength = Math.Max(_shownLength, line.Length);
        }
        while (!_stop.Wait(Interval));
    }

    private static string Size(long bytes) =>
        bytes >= 1L << 30 ? (bytes / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GB"
        : (bytes >> 20).ToString(CultureInfo.InvariantCulture) + " MB";
}
