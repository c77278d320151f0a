using System.Threading;

namespace Demo;

/// <summary>Collects samples on a background thread named "metrics" for a fixed number of ticks, then stops.</summary>
public sealed class Metrics
{
    public const int Ticks = 5;
    public const int SamplesPerTick = 2000;

    private Thread? _thread;
    private int _flushes;
    private long _samples;
    private double _sum;
    private double _pending;

    public void Start()
    {
        _thread = new Thread(Run) { Name = "metrics", IsBackground = true };
        _thread.Start();
    }

    public string StopAndReport()
    {
        _thread?.Join();
        return "metrics: " + _flushes + " flushes, " + _samples + " samples, mean " + (_sum / _samples).ToString("F3", System.Globalization.CultureInfo.InvariantCulture);
    }

    private void Run()
    {
        for (int tick = 0; tick < Ticks; tick++)
        {
            Collect(tick);
            Flush();
            Thread.Sleep(20);
        }
    }

    private void Collect(int tick)
    {
        for (int i = 0; i < SamplesPerTick; i++) Record(Sample(tick, i));
    }

    private static double Sample(int tick, int i) => (tick * 7 + i % 13) / 10.0;

    private void Record(double value)
    {
        _pending += value;
        _samples++;
    }

    private void Flush()
    {
        _sum += _pending;
        _pending = 0;
        _flushes++;
    }
}
