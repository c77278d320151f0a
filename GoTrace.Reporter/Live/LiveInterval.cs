using System;
using System.Collections.Generic;
using System.Linq;

namespace GoTrace.Reporter.Live;

/// <summary>
/// The counts of one interval of <c>gotrace top</c>, from <see cref="StartTicks"/> on: per function, the time
/// its calls spent in the interval (inclusive, cut to the interval; a call still running counts up to its end)
/// and the calls that ended in it with their durations; per thread, the time it spent in traced code.
/// </summary>
internal sealed class LiveInterval
{
    private readonly Dictionary<int, FunctionCounts> _functions = new();
    private readonly Dictionary<LiveThreadState, ThreadCounts> _threads = new();

    public LiveInterval(long startTicks) => StartTicks = startTicks;

    public long StartTicks { get; }

    public long Calls { get; private set; }

    /// <summary>A call of <paramref name="function"/> ended (for an async call: its task completed).</summary>
    public void CallEnded(LiveThreadState thread, int function, long enterTicks, long exitTicks)
    {
        var counts = Function(function);
        counts.Calls++;
        counts.TimeTicks += Math.Max(0, exitTicks - Math.Max(enterTicks, StartTicks));
        counts.Durations.Add(exitTicks - enterTicks);
        Thread(thread).Calls++;
        Calls++;
    }

    /// <summary><paramref name="calls"/> calls of a counted function: calls, no time.</summary>
    public void Counted(LiveThreadState thread, int function, long calls)
    {
        Function(function).Calls += calls;
        Thread(thread).Calls += calls;
        Calls += calls;
    }

    /// <summary>A call still running at the end of the interval: its time in it.</summary>
    public void StillRunning(int function, long enterTicks, long endTicks) =>
        Function(function).TimeTicks += Math.Max(0, endTicks - Math.Max(enterTicks, StartTicks));

    /// <summary>A thread ran traced code from <paramref name="fromTicks"/> to <paramref name="toTicks"/>.</summary>
    public void Busy(LiveThreadState thread, long fromTicks, long toTicks) =>
        Thread(thread).BusyTicks += Math.Max(0, toTicks - Math.Max(fromTicks, StartTicks));

    public LiveFrame ToFrame(TraceFile file, long endTicks, IReadOnlyDictionary<int, string> labels, bool ended, long gaps)
    {
        var span = Math.Max(1, endTicks - StartTicks);
        var seconds = span / file.ClockFrequency;
        var functions = _functions
            .Where(f => f.Value.TimeTicks > 0 || f.Value.Calls > 0)
            .Select(f =>
            {
                var info = file.Functions[f.Key];
                return new LiveFunction(info.Name, info.FullName, f.Value.TimeTicks, 100.0 * f.Value.TimeTicks / span, f.Value.Calls,
                    f.Value.Calls / seconds, f.Value.Durations.Count > 0 ? f.Value.Durations : null, file.ClockFrequency);
            })
            .OrderByDescending(f => f.TimeTicks).ThenByDescending(f => f.Calls).ThenBy(f => f.FullName, StringComparer.Ordinal)
            .ToList();
        var threads = _threads
            .Where(t => t.Value.BusyTicks > 0 || t.Value.Calls > 0)
            .Select(t => new LiveThread(labels.TryGetValue(t.Key.ThreadIndex, out var label) ? label : "#" + t.Key.ThreadIndex,
                Math.Min(100, 100.0 * t.Value.BusyTicks / span), t.Value.Calls, t.Key.Now(file)))
            .OrderByDescending(t => t.BusyPercent).ThenByDescending(t => t.Calls).ThenBy(t => t.Label, StringComparer.Ordinal)
            .ToList();
        return new LiveFrame
        {
            Process = OtlpExporter.DefaultServiceName(file) + " (pid " + file.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")",
            AtSeconds = Math.Max(0, endTicks - file.StartTicks) / file.ClockFrequency,
            IntervalSeconds = seconds,
            Functions = functions,
            Threads = threads,
            Calls = Calls,
            ProgramEnded = ended,
            Gaps = gaps,
        };
    }

    private FunctionCounts Function(int function)
    {
        if (!_functions.TryGetValue(function, out var counts))
        {
            counts = new FunctionCounts();
            _functions.Add(function, counts);
        }

        return counts;
    }

    private ThreadCounts Thread(LiveThreadState thread)
    {
        if (!_threads.TryGetValue(thread, out var counts))
        {
            counts = new ThreadCounts();
            _threads.Add(thread, counts);
        }

        return counts;
    }

    private sealed class FunctionCounts
    {
        public long TimeTicks;
        public long Calls;
        public DurationSketch Durations { get; } = new();
    }

    private sealed class ThreadCounts
    {
        public long BusyTicks;
        public long Calls;
    }
}
