using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Linq;

namespace GoTrace.Reporter.CommandLine;

/// <summary>
/// The reporter's two commands, defined once: report (<c>&lt;trace-file&gt; [options]</c>) and diff
/// (<c>&lt;base&gt; &lt;head&gt; [options]</c>). <c>gotrace-report</c> mounts report as its root with diff under it;
/// <c>gotrace</c> mounts them as <c>gotrace report</c> and <c>gotrace diff</c>.
/// </summary>
public sealed class ReportCommandLine
{
    public const string ReportDescription = "Reads a GoTrace trace file and prints its call tree.";

    public const string DiffDescription =
        "Compares two traces of the same program function by function: the change in self time, total time and calls.";

    private ReportCommandLine(Command command, bool isDiff, string tool)
    {
        Command = command;
        IsDiff = isDiff;
        Tool = tool;
        Traces = new Argument<string[]>(isDiff ? "traces" : "trace-file")
        {
            Arity = ArgumentArity.ZeroOrMore,
            Description = isDiff ? "the base trace, then the head trace" : "a trace file written by a woven program",
        };
        command.Arguments.Add(Traces);
        Options = new ReportOptionSet();
        Options.AddTo(command);
        foreach (var (spec, option) in Options.Options)
        {
            // Every option parses on both commands, so that one that does not apply is refused by name.
            if (isDiff)
            {
                option.Hidden = spec.DiffDescription == null;
                if (spec.DiffDescription != null && spec.Section != HelpSection.Output)
                {
                    option.InSection(HelpSection.Diff);
                }

                command.Describe(option, spec.DiffDescription ?? spec.Description);
            }
            else
            {
                option.Hidden = spec.Section == HelpSection.Diff;
            }
        }

        command.SetCheck((parseResult, args) =>
        {
            Read(parseResult, args, out var error);
            return error;
        });
    }

    public Command Command { get; }

    public bool IsDiff { get; }

    /// <summary>The program, for messages and help: <c>gotrace-report</c> or <c>gotrace</c>.</summary>
    public string Tool { get; }

    public Argument<string[]> Traces { get; }

    public ReportOptionSet Options { get; }

    /// <summary>Makes <paramref name="command"/> the report command (its name is the user's business).</summary>
    public static ReportCommandLine Report(Command command, string tool)
    {
        var definition = new ReportCommandLine(command, isDiff: false, tool);
        var self = tool == "gotrace" ? "gotrace report" : tool;
        command.SetUsage($"{self} <trace-file> [format] [views] [-o <file>]");
        return definition;
    }

    /// <summary>Makes <paramref name="command"/> (named <c>diff</c>) the diff command.</summary>
    public static ReportCommandLine Diff(Command command, string tool)
    {
        var definition = new ReportCommandLine(command, isDiff: true, tool);
        command.SetUsage($"{tool} diff <base-trace> <head-trace> [--fail-above <percent>] [options]");
        return definition;
    }

    /// <summary>
    /// The <c>gotrace-report</c> command line: report at the root, diff under it, help written by <see cref="HelpText"/>.
    /// </summary>
    public static (RootCommand Root, ReportCommandLine Report, ReportCommandLine Diff) Standalone()
    {
        const string tool = "gotrace-report";
        var root = new RootCommand(ReportDescription);
        var report = Report(root, tool);
        var diff = Diff(new Command("diff", DiffDescription), tool);
        root.Subcommands.Add(diff.Command);
        root.SetUsage(
            $"{tool} <trace-file> [format] [views] [-o <file>]",
            $"{tool} diff <base-trace> <head-trace> [--fail-above <percent>] [options]");
        foreach (var option in root.Options.Where(o => o is HelpOption or VersionOption))
        {
            option.InSection(HelpSection.Output).Description = option is HelpOption ? "show this help" : "show the version";
        }

        return (root, report, diff);
    }

    /// <summary>How every command line is parsed: no response files (<c>@file</c> is a file name, as it always was).</summary>
    public static ParserConfiguration ParserConfiguration => new() { ResponseFileTokenReplacer = null };

    /// <summary>Reads a parse of this command; on a problem, <paramref name="error"/> says what, in one line (without the tool's name).</summary>
    public ReportArguments? Read(ParseResult parseResult, IReadOnlyList<string> args, out string? error)
    {
        var arguments = new ReportArguments { IsDiff = IsDiff, Tool = Tool };
        error = OptionsBeforeDiff(parseResult)
            ?? Options.Read(parseResult, args, arguments, word => IsDiff || Tool != "gotrace-report"
                ? $"unknown option: {word} (see {HelpText.Path(Command, Tool)} --help)"
                : $"unknown option: {word} (see --help)");
        if (error != null)
        {
            return null;
        }

        arguments.Paths.AddRange(parseResult.GetValue(Traces) ?? Array.Empty<string>());
        arguments.Paths.AddRange(arguments.GivenBack);
        error = ReportRules.Check(arguments);
        return error == null ? arguments : null;
    }

    /// <summary><c>gotrace-report --json diff a b</c>: the options belong after diff.</summary>
    private string? OptionsBeforeDiff(ParseResult parseResult)
    {
        if (!IsDiff)
        {
            return null;
        }

        var stray = parseResult.Tokens
            .TakeWhile(t => !(t.Type == TokenType.Command && t.Value == Command.Name))
            .FirstOrDefault(t => t.Type is not (TokenType.Command or TokenType.Directive));
        return stray == null ? null : $"{stray.Value} goes after diff ({Tool} diff <base> <head> [options])";
    }
}
