using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;

namespace GoTrace.Benchmarks;

/// <summary>
/// <c>-- scaling [--calls N] [--rounds N]</c>: does tracing scale to two threads? Runs the same loops on one
/// thread, then on two threads at once, in one process, rounds interleaved, medians quoted: an empty method
/// untraced and two clock reads per iteration (controls: does the machine itself scale?), then the woven empty
/// method writing a real trace file. The trace goes where GOTRACE_OUTPUT says (default: the temp directory)
/// with GOTRACE_MAX_SIZE (default 4G) and GOTRACE_MODE; so <c>GOTRACE_MODE=ring GOTRACE_MAX_SIZE=4M</c>
/// measures the hot path alone (chunks are reused, no new page is ever touched), stop mode with a big file
/// adds the cost of new pages, and GOTRACE_OUTPUT=/dev/shm/... the cost of the file system under them.
/// Ends with one line: <c>scaling: one_thread_ns=.. two_threads_ns=.. loss_pct=..</c>.
/// </summary>
public static class ScalingMode
{
    public static int Run(string[] args)
    {
        var calls = Option(args, "--calls", 2_000_000);
        var rounds = Option(args, "--rounds", 9);
        var output = Environment.GetEnvironmentVariable("GOTRACE_OUTPUT");
        var trace = string.IsNullOrEmpty(output)
            ? Path.Combine(Path.GetTempPath(), $"gotrace-scaling-{Environment.ProcessId}.gotrace")
            : Path.GetFullPath(output.Replace("{pid}", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)));
        Environment.SetEnvironmentVariable("GOTRACE_OUTPUT", trace);
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("GOTRACE_MAX_SIZE")))
        {
            Environment.SetEnvironmentVariable("GOTRACE_MAX_SIZE", "4G");
        }

        try
        {
            var mode = Environment.GetEnvironmentVariable("GOTRACE_MODE") is { Length: > 0 } m ? m : "stop";
            Console.WriteLine($"trace file {trace}, GOTRACE_MODE={mode}, GOTRACE_MAX_SIZE={Environment.GetEnvironmentVariable("GOTRACE_MAX_SIZE")}");
            using var pair = new WorkerPair();
            var results = pair.Measure(calls, rounds, new (string, Action<int>)[]
            {
                ("empty method, untraced", MeasuredLoops.Untraced),
                ("two clock reads (the tracer's clock), no tracing", MeasuredLoops.ReadClockTwice),
                ("woven by GoTrace, writing a trace file", MeasuredLoops.Traced),
            });

            Console.WriteLine($"| per call, per thread (median of {rounds} rounds of {calls:N0} calls per thread) | one thread | two threads at once | loss |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var (name, one, two) in results)
            {
                Console.WriteLine($"| {name} | {one:F1} ns | {two:F1} ns | {Loss(one, two):+0.0;-0.0}% |");
            }

            // Where the rest of the machine's time went while the woven loop ran (16 bytes a call: a page every 256 calls).
            var (alone, together) = (pair.Cpu[(results.Count - 1, 1)], pair.Cpu[(results.Count - 1, 2)]);
            var (prefaultOne, prefaultTwo) = (alone.PrefaultNanos / alone.Calls, together.PrefaultNanos / together.Calls);
            Console.WriteLine($"| the runtime's prefault thread, CPU per traced call (per new 4 KiB page: {prefaultOne * 256:F0} / {prefaultTwo * 256:F0} ns) | {prefaultOne:F1} ns | {prefaultTwo:F1} ns | |");
            Console.WriteLine($"| whole machine busy while the woven loop ran ({Environment.ProcessorCount} cores) | {alone.BusyCores:F2} cores | {together.BusyCores:F2} cores | |");

            var (_, tracedOne, tracedTwo) = results[^1];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"scaling: one_thread_ns={tracedOne:F1} two_threads_ns={tracedTwo:F1} loss_pct={Loss(tracedOne, tracedTwo):F1}"));
            return 0;
        }
        finally
        {
            File.Delete(trace);
        }
    }

    internal static double Loss(double one, double two) => (two - one) / one * 100;

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>
    /// Two long-lived threads that run a loop on request, alone or both at once, and time it. The same two
    /// threads run every round, so in ring mode each keeps recycling its own chunks (a new thread would find
    /// the file full and own none).
    /// </summary>
    internal sealed class WorkerPair : IDisposable
    {
        private readonly Thread[] _threads = new Thread[2];
        private readonly SemaphoreSlim[] _start = { new(0), new(0) };
        private readonly double[] _nanos = new double[2];
        private readonly CountdownEvent _done = new(1);
        private Barrier _together = new(1);
        private Action<int> _loop = _ => { };
        private int _calls;
        private volatile bool _quit;

        public WorkerPair()
        {
            for (var i = 0; i < 2; i++)
            {
                var index = i;
                _threads[i] = new Thread(() => Work(index)) { IsBackground = true, Name = "scaling-" + i };
                _threads[i].Start();
            }
        }

        /// <summary>CPU spent by the prefault thread and the whole machine, per (loop index, threads), over the measured rounds.</summary>
        public Dictionary<(int Loop, int Threads), CpuUse> Cpu { get; } = new();

        /// <summary>Per loop: median ns per call on one thread alone, and per thread with both at once.</summary>
        public List<(string Name, double One, double Two)> Measure(int calls, int rounds, IReadOnlyList<(string Name, Action<int> Loop)> loops)
        {
            // Both threads take their first chunks before either runs long (ring mode: each owns some), and
            // tiered compilation promotes the loops and the code they call.
            for (var i = 0; i < 3; i++)
            {
                foreach (var (_, loop) in loops)
                {
                    Run(loop, 100_000, 2);
                }

                Thread.Sleep(100);
            }

            var one = loops.Select(_ => new List<double>()).ToList();
            var two = loops.Select(_ => new List<double>()).ToList();
            for (var round = 0; round < rounds; round++)
            {
                for (var l = 0; l < loops.Count; l++)
                {
                    one[l].Add(Metered(l, loops[l].Loop, calls, 1));
                    two[l].Add(Metered(l, loops[l].Loop, calls, 2));
                }
            }

            return loops.Select((loop, l) => (loop.Name, MeasuredLoops.Median(one[l]), MeasuredLoops.Median(two[l]))).ToList();
        }

        private double Metered(int index, Action<int> loop, int calls, int threads)
        {
            var before = CpuUse.Now();
            var nanos = Run(loop, calls, threads);
            var used = CpuUse.Now() - before;
            Cpu[(index, threads)] = (Cpu.TryGetValue((index, threads), out var sum) ? sum : default) + used with { Calls = (double)calls * threads };
            return nanos;
        }

        /// <summary>Runs <paramref name="loop"/> on the first <paramref name="threads"/> workers, started together; mean ns per call.</summary>
        public double Run(Action<int> loop, int calls, int threads)
        {
            _loop = loop;
            _calls = calls;
            _together = new Barrier(threads);
            _done.Reset(threads);
            for (var i = 0; i < threads; i++)
            {
                _start[i].Release();
            }

            _done.Wait();
            _together.Dispose();
            return _nanos.Take(threads).Average();
        }

        public void Dispose()
        {
            _quit = true;
            _start[0].Release();
            _start[1].Release();
            foreach (var thread in _threads)
            {
                thread.Join();
            }
        }

        private void Work(int index)
        {
            while (true)
            {
                _start[index].Wait();
                if (_quit)
                {
                    return;
                }

                _together.SignalAndWait();
                var start = Stopwatch.GetTimestamp();
                _loop(_calls);
                _nanos[index] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / _calls;
                _done.Signal();
            }
        }
    }

    /// <summary>
    /// CPU time from /proc: the runtime's prefault thread (its schedstat, in ns) and the whole machine (busy and
    /// total jiffies of /proc/stat). Zero where /proc is not there.
    /// </summary>
    internal readonly record struct CpuUse(double PrefaultNanos, double BusyJiffies, double TotalJiffies, double Calls)
    {
        public double BusyCores => TotalJiffies > 0 ? Environment.ProcessorCount * BusyJiffies / TotalJiffies : 0;

        public static CpuUse operator -(CpuUse a, CpuUse b) =>
            new(a.PrefaultNanos - b.PrefaultNanos, a.BusyJiffies - b.BusyJiffies, a.TotalJiffies - b.TotalJiffies, a.Calls - b.Calls);

        public static CpuUse operator +(CpuUse a, CpuUse b) =>
            new(a.PrefaultNanos + b.PrefaultNanos, a.BusyJiffies + b.BusyJiffies, a.TotalJiffies + b.TotalJiffies, a.Calls + b.Calls);

        public static CpuUse Now()
        {
            try
            {
                double prefault = 0;
                foreach (var task in Directory.GetDirectories("/proc/self/task"))
                {
                    if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith("gotrace prefaul", StringComparison.Ordinal))
                    {
                        prefault += double.Parse(File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ')[0], CultureInfo.InvariantCulture);
                    }
                }

                // cpu  user nice system idle iowait irq softirq steal ...
                var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                    .Take(8).Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
                var idle = fields[3] + fields[4];
                return new CpuUse(prefault, fields.Sum() - idle, fields.Sum(), 0);
            }
            catch (Exception)
            {
                return default;
            }
        }
    }
}
