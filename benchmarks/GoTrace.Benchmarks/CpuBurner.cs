using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace GoTrace.Benchmarks;

/// <summary>
/// Another process that keeps every core busy while a measurement runs: the benchmark itself started in mode
/// <c>burn N</c>, spinning on N threads until its standard input closes (the benchmark ends it, or dies).
/// </summary>
internal sealed class CpuBurner : IDisposable
{
    private readonly Process _process;

    private CpuBurner(Process process) => _process = process;

    /// <summary>Starts a burner of <paramref name="threads"/> spinning threads and waits until they spin.</summary>
    public static CpuBurner Start(int threads)
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var info = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            info.ArgumentList.Add(typeof(CpuBurner).Assembly.Location);
        }

        info.ArgumentList.Add("burn");
        info.ArgumentList.Add(threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the CPU burner");
        process.StandardOutput.ReadLine(); // "burning": its threads run
        return new CpuBurner(process);
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
    }

    /// <summary><c>burn N</c>: spins N threads until standard input closes.</summary>
    public static int Run(string[] args)
    {
        var threads = args.Length > 0 && int.TryParse(args[0], out var n) && n > 0 ? n : Environment.ProcessorCount;
        var quit = false;
        for (var i = 0; i < threads; i++)
        {
            new Thread(() =>
            {
                ulong x = 1;
                while (!Volatile.Read(ref quit))
                {
                    for (var k = 0; k < 100_000; k++)
                    {
                        x = (x * 6364136223846793005UL) + 1442695040888963407UL;
                    }
                }

                GC.KeepAlive(x);
            }) { IsBackground = true, Name = "burn-" + i }.Start();
        }

        Console.WriteLine("burning");
        Console.Out.Flush();
        Console.In.ReadToEnd();
        Volatile.Write(ref quit, true);
        return 0;
    }
}
