using System;
using BenchmarkDotNet.Running;

namespace GoTrace.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/GoTrace.Benchmarks -- [mode]</c>: a quick summary mode
/// (overhead, scaling, reporter, weaving, otlp, fidelity), or BenchmarkDotNet's switcher for the full suites.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        switch (args.Length > 0 ? args[0] : string.Empty)
        {
            case "overhead": return OverheadMode.Run(args[1..]);
            case "scaling": return ScalingMode.Run(args[1..]);
            case "reporter": return ReporterMode.Run(args[1..]);
            case "weaving": return WeavingMode.Run(args[1..]);
            case "otlp": return OtlpMode.Run(args[1..]);
            case "fidelity": return FidelityMode.Run(args[1..]);
            case "burn": return CpuBurner.Run(args[1..]);
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                return 0;
        }
    }
}
