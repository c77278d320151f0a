using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace GoTrace.Cli;

/// <summary>
/// Runs <c>dotnet …</c> (a program as <c>dotnet app.dll args</c>, or <c>dotnet test</c>) in the foreground:
/// it shares gotrace's console (stdin, stdout, stderr, working directory), and gotrace outlives it when
/// Ctrl+C or SIGTERM arrive, so the program can finish its trace and gotrace can still report it
/// (<see cref="SignalForwarding"/>).
/// </summary>
public static class ProgramRunner
{
    /// <summary>The finished process: its exit code and its process id (which names its trace file).</summary>
    public sealed record Outcome(int ExitCode, int ProcessId);

    /// <summary>Runs <c>dotnet app.dll args</c>.</summary>
    public static Outcome Run(string entryAssemblyPath, IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string> environment, TextWriter? standardOutput = null, string? workingDirectory = null,
        TextWriter? standardError = null, Action<Process>? whileRunning = null)
    {
        var dotnetArguments = new List<string> { entryAssemblyPath };
        dotnetArguments.AddRange(arguments);
        return RunDotnet(dotnetArguments, environment, standardOutput, workingDirectory, standardError, whileRunning);
    }

    /// <summary>
    /// Runs <c>dotnet</c> with <paramref name="dotnetArguments"/>. The child's stdout is gotrace's own unless
    /// <paramref name="standardOutput"/> is given: then it is copied there as it comes (gotrace flame and json
    /// send it to stderr, to keep their own stdout parseable); likewise its stderr with <paramref name="standardError"/>.
    /// <paramref name="whileRunning"/> runs once the program has started (gotrace run --live shows its view there).
    /// </summary>
    public static Outcome RunDotnet(IReadOnlyList<string> dotnetArguments, IReadOnlyDictionary<string, string> environment,
        TextWriter? standardOutput = null, string? workingDirectory = null, TextWriter? standardError = null,
        Action<Process>? whileRunning = null)
    {
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardOutput = standardOutput != null,
            RedirectStandardError = standardError != null,
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
        var copyError = standardError == null ? Task.CompletedTask : Task.Run(() => Copy(process.StandardError, standardError));

        using var signals = SignalForwarding.To(process);
        whileRunning?.Invoke(process);
        process.WaitForExit();
        copy.Wait();
        copyError.Wait();
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
}
