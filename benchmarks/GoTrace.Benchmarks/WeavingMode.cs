using System;

namespace GoTrace.Benchmarks;

/// <summary>Quick summary mode 'weaving' (not written yet).</summary>
public static class WeavingMode
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("not implemented yet");
        return 1;
    }
}
