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
        // Everything after the first "--" belongs to the traced program (or dotnet test), never to gotrace.
        var separator = Array.IndexOf(args, "--");
        var ownArguments = separator < 0 ? args : args.Take(separator).ToArray();
        var programArguments = separator < 0 ? Array.Empty<string>() : args.Skip(separator + 1).ToArray();

        var root = new RootCommand("gotrace: deterministic function tracing for .NET. Builds, weaves and runs your program, then prints every call it made.")
        {
            RunCommand.Create(programArguments, stdout, stderr),
            RunCommand.CreateExec(programArguments, stdout, stderr),
            TestCommand.Create(programArguments, stdout, stderr),
            RunCommand.CreateFlame(programArguments, stdout, stderr),
            RunCommand.CreateJson(programArguments, stdout, stderr),
            WeaveCommand.Create(programArguments, stdout, stderr),
        };

        var parseResult = root.Parse(ownArguments);
        if (parseResult.Errors.Count > 0)
        {
            stderr.WriteLine($"gotrace: {Describe(parseResult)}");
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

    /// <summary>One line saying what is wrong with the command line, and where to look.</summary>
    static string Describe(ParseResult parseResult)
    {
        var command = parseResult.CommandResult.Command;
        var help = command is RootCommand ? "gotrace --help" : $"gotrace {command.Name} --help";
        // An unknown option reaches us either unmatched or as the path argument's error; name it before any stray word.
        var candidates = parseResult.Errors
            .Select(error => error.Message)
            .Where(message => message.StartsWith("Unrecognized option", StringComparison.Ordinal))
            .Select(message => message.Split('\'').ElementAtOrDefault(1) ?? "")
            .Concat(parseResult.UnmatchedTokens)
            .Where(token => token.Length > 0)
            .ToList();
        var unknown = candidates.FirstOrDefault(token => token.StartsWith('-')) ?? candidates.FirstOrDefault();
        if (unknown == null)
        {
            return $"{parseResult.Errors[0].Message.TrimEnd('.')} (see {help})";
        }

        if (command is RootCommand)
        {
            return $"unknown command '{unknown}' (see {help})";
        }

        var passOn = command.Name switch
        {
            "weave" => "",
            "test" => "; arguments for dotnet test go after --",
            _ => "; arguments for the program go after --",
        };
        return unknown.StartsWith('-')
            ? $"unknown option '{unknown}'{passOn} (see {help})"
            : $"unexpected argument '{unknown}'{passOn} (see {help})";
    }
}
