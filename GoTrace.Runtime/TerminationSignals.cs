using System;
#if NET6_0_OR_GREATER
using System.Runtime.InteropServices;
#endif

namespace GoTrace;

/// <summary>SIGTERM, SIGINT and SIGQUIT: a chance to mark the trace complete before the process goes.</summary>
internal static class TerminationSignals
{
#if NET6_0_OR_GREATER
    private static PosixSignalRegistration[]? _registrations;
#endif

    public static void OnSignal(Action handler)
    {
#if NET6_0_OR_GREATER
        try
        {
            // The handlers never cancel the signal: the program's own handling goes on as without GoTrace.
            _registrations = new[]
            {
                PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => handler()),
                PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => handler()),
                PosixSignalRegistration.Create(PosixSignal.SIGQUIT, _ => handler()),
            };
        }
        catch (Exception)
        {
            // Platforms without these signals: exit handlers still finish the file.
        }
#else
        _ = handler;
#endif
    }
}
