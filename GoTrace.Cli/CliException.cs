using System;
using System.IO;

namespace GoTrace.Cli;

/// <summary>A failure to report as one "gotrace: …" line, with the exit code to end with.</summary>
public sealed class CliException : Exception
{
    public CliException(string message, int exitCode = ExitCodes.Usage)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }

    /// <summary>Runs a command body, turning a <see cref="CliException"/> into its message and exit code.</summary>
    public static int Guard(StatusLog log, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (CliException exception)
        {
            log.Note(exception.Message);
            return exception.ExitCode;
        }
        catch (IOException exception)
        {
            log.Note(exception.Message);
            return ExitCodes.Failure;
        }
    }
}
