using System;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace GoTrace.Cli;

/// <summary>
/// While gotrace waits for the traced program, SIGINT, SIGTERM and SIGQUIT do not end gotrace: they are the
/// program's. A signal sent to gotrace alone (kill, a supervisor, a test harness) is passed on to the program, so
/// it stops as it would have and finishes its trace, and gotrace reports it. Ctrl+C and Ctrl+\ typed in the
/// terminal already reach the program, which shares gotrace's foreground process group: those are not sent twice.
/// </summary>
public sealed class SignalForwarding : IDisposable
{
    readonly PosixSignalRegistration[] _registrations;

    SignalForwarding(Process process)
    {
        _registrations = new[]
        {
            PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Forward(context, process, fromKeyboard: true)),
            PosixSignalRegistration.Create(PosixSignal.SIGQUIT, context => Forward(context, process, fromKeyboard: true)),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Forward(context, process, fromKeyboard: false)),
        };
    }

    /// <summary>Passes signals on to <paramref name="process"/> until disposed.</summary>
    public static SignalForwarding To(Process process) => new(process);

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    static void Forward(PosixSignalContext context, Process process, bool fromKeyboard)
    {
        context.Cancel = true;
        if (OperatingSystem.IsWindows() || (fromKeyboard && TypedInOurTerminal()))
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                _ = Kill(process.Id, Number(context.Signal));
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>
    /// Whether a SIGINT or SIGQUIT most likely came from the keyboard: gotrace runs in the foreground of a terminal,
    /// where the terminal signals the whole process group, the program included.
    /// </summary>
    static bool TypedInOurTerminal()
    {
        try
        {
            var group = GetProcessGroup();
            for (var fd = 0; fd <= 2; fd++)
            {
                if (IsTerminal(fd) == 1 && GetTerminalProcessGroup(fd) == group)
                {
                    return true;
                }
            }
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
        }

        return false;
    }

    static int Number(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGQUIT => 3,
        _ => 15,
    };

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "getpgrp")]
    static extern int GetProcessGroup();

    [DllImport("libc", EntryPoint = "tcgetpgrp")]
    static extern int GetTerminalProcessGroup(int fd);

    [DllImport("libc", EntryPoint = "isatty")]
    static extern int IsTerminal(int fd);
}
