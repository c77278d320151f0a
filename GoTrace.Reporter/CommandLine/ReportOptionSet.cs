using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Linq;

namespace GoTrace.Reporter.CommandLine;

/// <summary>
/// The reporter's options as one command takes them (fresh <see cref="Option"/>s made from
/// <see cref="ReportOptionDefinitions"/>), and how a parse of that command reads back into
/// <see cref="ReportArguments"/>: left to right, the first problem as one line in the reporter's words.
/// </summary>
public sealed class ReportOptionSet
{
    private readonly List<(ReportOptionSpec Spec, Option Option)> _options;

    /// <param name="include">Which of the reporter's options this command takes (default: all).</param>
    public ReportOptionSet(Func<ReportOptionSpec, bool>? include = null)
    {
        _options = ReportOptionDefinitions.All
            .Where(spec => include == null || include(spec))
            .Select(spec => (spec, spec.CreateOption()))
            .ToList();
    }

    public IEnumerable<(ReportOptionSpec Spec, Option Option)> Options => _options;

    /// <summary>The options of a command that runs a program and reports its one trace: every reporter option but diff's.</summary>
    public static ReportOptionSet ForRun(Func<ReportOptionSpec, bool>? include = null) =>
        new(spec => spec.Section != HelpSection.Diff && (include == null || include(spec)));

    public void AddTo(Command command)
    {
        foreach (var (_, option) in _options)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// Reads the options given into <paramref name="into"/>, in command-line order. Returns the first problem
    /// (a value missing or of the wrong kind, an option given twice, a flag given a value, two formats), or null.
    /// <paramref name="args"/> (the words as typed, for <c>--flag=value</c>) may be null once they were checked.
    /// With <paramref name="unknownOption"/>, a word that looks like an option and is none is a problem too.
    /// </summary>
    public string? Read(ParseResult parseResult, IReadOnlyList<string>? args, ReportArguments into,
        Func<string, string>? unknownOption = null)
    {
        if (args != null && FlagGivenAValue(parseResult, args) is { } flagError)
        {
            return flagError;
        }

        var values = new HashSet<Token>(ReferenceEqualityComparer.Instance);
        foreach (var result in OptionResults(parseResult.CommandResult))
        {
            values.UnionWith(result.Tokens);
        }

        var seen = new Dictionary<Option, int>();
        var tokens = parseResult.Tokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Type == TokenType.DoubleDash)
            {
                break;
            }

            if (token.Type == TokenType.Argument && unknownOption != null && LooksLikeOption(token.Value) && !values.Contains(token))
            {
                return unknownOption(token.Value);
            }

            if (token.Type != TokenType.Option || Given(parseResult, token.Value) is not var (spec, option, result))
            {
                continue;
            }

            var count = seen[option] = seen.GetValueOrDefault(option) + 1;
            if (count == 2 && !spec.IsFlag && !spec.Repeatable)
            {
                return $"{token.Value} is given twice";
            }

            string? value = null;
            if (!spec.IsFlag)
            {
                var next = i + 1 < tokens.Count ? tokens[i + 1] : null;
                if (next == null || next.Type != TokenType.Argument || !result.Tokens.Any(t => ReferenceEquals(t, next)))
                {
                    return $"{token.Value} needs {spec.Expected}";
                }

                value = next.Value;
            }

            if (spec.Apply(into, token.Value, value) is { } error)
            {
                return error;
            }

            if (spec.TakesCount && i + 2 < tokens.Count && tokens[i + 2] is { Type: TokenType.Argument } second
                && result.Tokens.Any(t => ReferenceEquals(t, second)))
            {
                if (ValueKinds.WholeNumberFromOne.TryRead(second.Value, out var number))
                {
                    spec.ApplyCount(into, number);
                }
                else if (second.Value.Length > 0 && second.Value.All(c => c is >= '0' and <= '9' || c == '-'))
                {
                    return $"{token.Value} needs {ValueKinds.WholeNumberFromOne.Expected} after the function (got '{second.Value}')";
                }
                else
                {
                    into.GivenBack.Add(second.Value);
                }
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="word"/> would be an option if it were known: <c>-x</c>, <c>--xyz</c> (not <c>-</c> alone).</summary>
    public static bool LooksLikeOption(string word) => word.Length > 1 && word[0] == '-';

    private (ReportOptionSpec Spec, Option Option, OptionResult Result)? Given(ParseResult parseResult, string name)
    {
        foreach (var (spec, option) in _options)
        {
            if ((option.Name == name || option.Aliases.Contains(name)) && parseResult.GetResult(option) is { } result)
            {
                return (spec, option, result);
            }
        }

        return null;
    }

    /// <summary><c>--folded=yes</c>: System.CommandLine would take <c>yes</c> for an argument; the reporter refuses it.</summary>
    private string? FlagGivenAValue(ParseResult parseResult, IReadOnlyList<string> args)
    {
        foreach (var arg in args)
        {
            if (arg == "--")
            {
                break;
            }

            var split = arg.StartsWith("--", StringComparison.Ordinal) ? arg.IndexOfAny(new[] { '=', ':' }) : -1;
            if (split > 2 && Given(parseResult, arg.Substring(0, split)) is { Spec.IsFlag: true })
            {
                return $"{arg.Substring(0, split)} takes no value (see --help)";
            }
        }

        return null;
    }

    private static IEnumerable<OptionResult> OptionResults(CommandResult? command)
    {
        for (; command != null; command = command.Parent as CommandResult)
        {
            foreach (var child in command.Children.OfType<OptionResult>())
            {
                yield return child;
            }
        }
    }
}
