using System;

namespace GoTrace.Benchmarks;

/// <summary>Quick summary mode 'reporter' (not written yet).</summary>
public static class ReporterMode
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("not implemented yet");
        return 1;
    }
}
