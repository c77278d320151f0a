using System;
using System.CommandLine;
using System.CommandLine.Help;
using System.IO;
using System.Linq;
using GoTrace.Reporter;
using GoTrace.Reporter.CommandLine;

namespace GoTrace.Cli;

/// <summary>The <c>gotrace</c> command line: parses, dispatches, and keeps every failure to one line.</summary>
public static class CommandLineApp
{
    public const string Description =
        "gotrace: deterministic function tracing for .NET. Builds, weaves and runs your program, then prints every call it made.";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, CliConsole.Redirected(stdout, stderr));

    public static int Run(string[] args, CliConsole console)
    {
        // Everything after the first "--" belongs to the traced program (or dotnet test), never to gotrace; report and
        // diff take trace files there, as gotrace-report does.
        var separator = args.Length > 0 && args[0] is "report" or "diff" ? -1 : Array.IndexOf(args, "--");
        var ownArguments = separator < 0 ? args : args.Take(separator).ToArray();
        var afterSeparator = separator < 0 ? Array.Empty<string>() : args.Skip(separator + 1).ToArray();

        var root = Create(ownArguments, afterSeparator, console);
        var parseResult = root.Parse(ownArguments, ReportCommandLine.ParserConfiguration);
        if (parseResult.Action is not { ClearsParseErrors: true })
        {
            // Help and --version go ahead whatever else the line holds; anything else must be right first.
            if (CommandChecks.Run(parseResult, ownArguments) is { } problem)
            {
                console.Error.WriteLine($"gotrace: {problem}");
                return ExitCodes.Usage;
            }

            if (parseResult.Errors.Count > 0)
            {
                console.Error.WriteLine($"gotrace: {Describe(parseResult)}");
                return ExitCodes.Usage;
            }
        }

        try
        {
            return parseResult.Invoke(new InvocationConfiguration
            {
                Output = console.Out,
                Error = console.Error,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (Exception exception)
        {
            console.Error.WriteLine($"gotrace: internal error: {exception.GetType().Name}: {exception.Message}");
            if (Environment.GetEnvironmentVariable("GOTRACE_DEBUG") == "1")
            {
                console.Error.WriteLine(exception);
            }

            return ExitCodes.Failure;
        }
    }

    /// <summary>The whole command line of gotrace; <paramref name="afterSeparator"/> are the words after <c>--</c>.</summary>
    public static RootCommand Create(string[] ownArguments, string[] afterSeparator, CliConsole console)
    {
        var root = new RootCommand(Description)
        {
            RunCommand.Create(afterSeparator, console),
            RunCommand.CreateExec(afterSeparator, console),
            TestCommand.Create(afterSeparator, console),
            RunCommand.CreateFlame(afterSeparator, console),
            RunCommand.CreateJson(afterSeparator, console),
            WeaveCommand.Create(afterSeparator, console.Out, console.Error),
            TopCommand.Create(afterSeparator, console),
            ReportCommands.CreateReport(ownArguments, console),
            ReportCommands.CreateDiff(ownArguments, console),
        };
        root.SetUsage("gotrace <command> [options]");
        foreach (var option in root.Options)
        {
            option.InSection(HelpSection.Output);
            if (option is HelpOption help)
            {
                HelpText.Use(help, "gotrace");
            }
            else if (option is VersionOption)
            {
                option.Description = "show the version";
            }
        }

        return root;
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
