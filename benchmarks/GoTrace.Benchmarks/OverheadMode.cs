using System;

namespace GoTrace.Benchmarks;

/// <summary>Quick summary mode 'overhead' (not written yet).</summary>
public static class OverheadMode
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("not implemented yet");
        return 1;
    }
}
