using System;
using System.CommandLine;
using System.IO;
using System.Linq;

namespace GoTrace.Cli;

/// <summary>The <c>gotrace</c> command line: parses, dispatches, and keeps every failure to one line.</summary>
public static class CommandLineApp
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        // Everything after the first "--" belongs to the traced program, never to gotrace.
        var separator = Array.IndexOf(args, "--");
        var ownArguments = separator < 0 ? args : args.Take(separator).ToArray();
        var programArguments = separator < 0 ? Array.Empty<string>() : args.Skip(separator + 1).ToArray();

        var root = new RootCommand("gotrace: deterministic function tracing for .NET. Builds, weaves and runs your program, then prints every call it made.")
        {
            RunCommand.Create(programArguments, stdout, stderr),
        };

        var parseResult = root.Parse(ownArguments);
        if (parseResult.Errors.Count > 0)
        {
            var message = parseResult.UnmatchedTokens.Count > 0
                ? $"Unrecognized command or argument '{parseResult.UnmatchedTokens[0]}'"
                : parseResult.Errors[0].Message.TrimEnd('.');
            stderr.WriteLine($"gotrace: {message} (see gotrace --help)");
            return ExitCodes.Usage;
        }

        try
        {
            return parseResult.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (Exception exception)
        {
            stderr.WriteLine($"gotrace: internal error: {exception.GetType().Name}: {exception.Message}");
            if (Environment.GetEnvironmentVariable("GOTRACE_DEBUG") == "1")
            {
                stderr.WriteLine(exception);
            }

            return ExitCodes.Failure;
        }
    }
}
