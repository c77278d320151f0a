using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace GoTrace.Cli;

/// <summary>
/// Runs <c>dotnet …</c> (a program as <c>dotnet app.dll args</c>, or <c>dotnet test</c>) in the foreground:
/// it shares gotrace's console (stdin, stdout, stderr, working directory), and gotrace outlives it when
/// Ctrl+C or SIGTERM arrive, so the program can finish its trace and gotrace can still report it.
/// </summary>
public static class ProgramRunner
{
    /// <summary>The finished process: its exit code and its process id (which names its trace file).</summary>
    public sealed record Outcome(int ExitCode, int ProcessId);

    /// <summary>Runs <c>dotnet app.dll args</c>.</summary>
    public static Outcome Run(string entryAssemblyPath, IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string> environment, TextWriter? standardOutput = null)
    {
        var dotnetArguments = new List<string> { entryAssemblyPath };
        dotnetArguments.AddRange(arguments);
        return RunDotnet(dotnetArguments, environment, standardOutput);
    }

    /// <summary>
    /// Runs <c>dotnet</c> with <paramref name="dotnetArguments"/>. The child's stdout is gotrace's own unless
    /// <paramref name="standardOutput"/> is given: then it is copied there as it comes (gotrace flame and json
    /// send it to stderr, to keep their own stdout parseable).
    /// </summary>
    public static Outcome RunDotnet(IReadOnlyList<string> dotnetArguments, IReadOnlyDictionary<string, string> environment,
        TextWriter? standardOutput = null)
    {
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            UseShellExecute = false,
            WorkingDirectory = Environment.CurrentDirectory,
            RedirectStandardOutput = standardOutput != null,
        };
        foreach (var argument in dotnetArguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)
            ?? throw new CliException($"could not start {DotnetHost.Path}", ExitCodes.Failure);
        var processId = process.Id;
        var copy = standardOutput == null ? Task.CompletedTask : Task.Run(() => Copy(process.StandardOutput, standardOutput));

        // Ctrl+C reaches the whole foreground process group: the program handles it, gotrace waits.
        // A SIGTERM or SIGQUIT sent to gotrace alone is passed on to the program.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true);
        using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, context => Forward(context, process));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Forward(context, process));

        process.WaitForExit();
        copy.Wait();
        return new Outcome(process.ExitCode, processId);
    }

    static void Copy(StreamReader from, TextWriter to)
    {
        var buffer = new char[4096];
        int read;
        while ((read = from.Read(buffer, 0, buffer.Length)) > 0)
        {
            lock (to)
            {
                to.Write(buffer, 0, read);
                to.Flush();
            }
        }
    }

    static void Forward(PosixSignalContext context, Process process)
    {
        context.Cancel = true;
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                _ = Kill(process.Id, context.Signal == PosixSignal.SIGQUIT ? SigQuit : SigTerm);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>
    /// How a program's exit looks to a user: on Unix, 128 + N means it was killed by signal N (an unhandled
    /// .NET exception aborts with SIGABRT, 134). Null for an ordinary exit code.
    /// </summary>
    public static string? DescribeCrash(int exitCode) => exitCode switch
    {
        unchecked((int)0xE0434352) => "it crashed (an unhandled exception)",
        134 => "it crashed (SIGABRT: an unhandled exception or an abort)",
        137 => "it was killed (SIGKILL)",
        139 => "it crashed (SIGSEGV)",
        143 => "it was terminated (SIGTERM)",
        > 128 and < 160 when !OperatingSystem.IsWindows() => $"it was killed by signal {exitCode - 128}",
        _ => null,
    };

    const int SigQuit = 3;
    const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);
}
