using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Cli;

/// <summary>
/// SIGINT, SIGTERM and SIGQUIT sent to the gotrace process alone (not to its process group, as a supervisor or
/// <c>kill</c> sends them) reach the traced program, which handles them; gotrace then reports the trace.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
[Platform(Exclude = "Win")]
public sealed class SignalTests
{
    const string ProgramSource = """
        using System;
        using System.Runtime.InteropServices;
        using System.Threading;

        namespace SampleApp;

        public static class Program
        {
            static volatile string? _signal;

            public static int Main(string[] args)
            {
                using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
                using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
                using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Stop);
                Console.WriteLine("ready");
                while (_signal == null)
                {
                    Tick();
                }

                Console.WriteLine("program got " + _signal);
                return 7;
            }

            static void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                _signal = context.Signal.ToString();
            }

            static void Tick() => Thread.Sleep(10);
        }
        """;

    static readonly (string Name, int Number)[] Signals = { ("SIGINT", 2), ("SIGTERM", 15), ("SIGQUIT", 3) };

    string _solution = "";
    string _cwd = "";
    readonly Dictionary<string, ProcessResult> _runs = new();

    [OneTimeSetUp]
    public void SignalEachRun()
    {
        _solution = SampleSolution.Create(ProgramSource);
        _cwd = RepoPaths.NewTempDirectory("gotrace-signal-cwd");
        var runs = Signals.Select(signal => Task.Run(() => (signal.Name, RunAndSignal(signal.Number)))).ToArray();
        Task.WaitAll(runs);
        foreach (var (name, result) in runs.Select(run => run.Result))
        {
            _runs[name] = result;
        }
    }

    [OneTimeTearDown]
    public void Delete() => RepoPaths.DeleteDirectories(_solution, _cwd);

    [TestCase("SIGINT")]
    [TestCase("SIGTERM")]
    [TestCase("SIGQUIT")]
    public void The_program_gets_the_signal_and_its_trace_is_reported(string signal)
    {
        var run = _runs[signal];

        run.StdOut.ShouldContain($"program got {signal}\n", customMessage: run.ToString());
        run.ExitCode.ShouldBe(7, run.ToString());
        var tree = run.StdOut.Substring(run.StdOut.IndexOf("TOTAL:", StringComparison.Ordinal));
        tree.ShouldContain("Program.Main");
        tree.ShouldContain("Program.Tick");
        tree.ShouldNotContain("(unfinished)");
    }

    /// <summary>Starts gotrace run, waits for the program to say it is ready, then signals the gotrace process alone.</summary>
    ProcessResult RunAndSignal(int signal)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = _cwd,
        };
        foreach (var argument in new[] { Gotrace.Dll, "run", Path.Combine(_solution, "App") })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = new StringBuilder();
        var ready = new ManualResetEventSlim();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == null)
            {
                return;
            }

            lock (stdout)
            {
                stdout.Append(e.Data).Append('\n');
            }

            if (e.Data == "ready")
            {
                ready.Set();
            }
        };
        var stderr = process.StandardError.ReadToEndAsync();
        process.BeginOutputReadLine();
        if (ready.Wait(TimeSpan.FromMinutes(5)))
        {
            Thread.Sleep(200);
            Kill(process.Id, signal).ShouldBe(0);
        }

        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
        lock (stdout)
        {
            return new ProcessResult(process.ExitCode, stdout.ToString(), stderr.Result);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);
}
