using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;

namespace GoTrace.Cli;

/// <summary>
/// Runs a program as <c>dotnet app.dll args</c> in the foreground: it shares gotrace's console (stdin,
/// stdout, stderr, working directory), and gotrace outlives it when Ctrl+C or SIGTERM arrive, so the
/// program can finish its trace and gotrace can still report it.
/// </summary>
public static class ProgramRunner
{
    public static int Run(string entryAssemblyPath, IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            UseShellExecute = false,
            WorkingDirectory = Environment.CurrentDirectory,
        };
        start.ArgumentList.Add(entryAssemblyPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)
            ?? throw new CliException($"could not start {DotnetHost.Path}", ExitCodes.Failure);

        // Ctrl+C reaches the whole foreground process group: the program handles it, gotrace waits.
        // A SIGTERM or SIGQUIT sent to gotrace alone is passed on to the program.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true);
        using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, context => Forward(context, process));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Forward(context, process));

        process.WaitForExit();
        return process.ExitCode;
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

    const int SigQuit = 3;
    const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);
}
