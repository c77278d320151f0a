using System;
using System.CommandLine;

namespace GoTrace.Reporter.CommandLine;

/// <summary>
/// One option of the reporter's command line, as <see cref="ReportOptionDefinitions"/> lists it: its names, its
/// help, the value it takes (none for a flag) and what it sets. Each command that takes the reporter's options
/// makes its own <see cref="Option"/> from it (<see cref="CreateOption"/>).
/// </summary>
public sealed class ReportOptionSpec
{
    /// <summary>Sets what the option means on <paramref name="arguments"/>; returns an error line, or null.</summary>
    internal delegate string? Applier(ReportArguments arguments, string typedName, string? value);

    /// <summary>Sets the optional count that follows the value of an option that takes one.</summary>
    internal delegate void CountApplier(ReportArguments arguments, int count);

    private readonly Applier _apply;
    private CountApplier? _applyCount;

    internal ReportOptionSpec(string name, string[] aliases, HelpSection section, string? helpName, string? expected,
        string description, string? diffDescription, bool repeatable, Applier apply, string[]? words = null)
    {
        Words = words ?? Array.Empty<string>();
        Name = name;
        Expected = expected;
        Aliases = aliases;
        Section = section;
        HelpName = helpName;
        Description = description;
        DiffDescription = diffDescription;
        Repeatable = repeatable;
        _apply = apply;
    }

    public string Name { get; }

    public string[] Aliases { get; }

    public HelpSection Section { get; }

    /// <summary>The value's name in the help (<c>&lt;n&gt;</c>); null for a flag, which takes no value.</summary>
    public string? HelpName { get; }

    public bool IsFlag => HelpName == null;

    /// <summary>What the value must be, completing "--name needs …"; null for a flag.</summary>
    public string? Expected { get; }

    public string Description { get; }

    /// <summary>What the option means to <c>diff</c>; null when diff does not take it.</summary>
    public string? DiffDescription { get; }

    /// <summary>May be given more than once (the values add up); any other option given twice is refused.</summary>
    public bool Repeatable { get; }

    /// <summary>The values shell completion offers (the choices of <c>--color</c>).</summary>
    public string[] Words { get; }

    /// <summary>The value may be followed by a whole number from 1 (<c>--slowest F 5</c>).</summary>
    public bool TakesCount => _applyCount != null;

    /// <summary>A fresh System.CommandLine option for one command.</summary>
    public Option CreateOption()
    {
        Option option = IsFlag
            ? new Option<bool>(Name, Aliases) { Arity = ArgumentArity.Zero }
            : TakesCount
                ? new Option<string[]>(Name, Aliases) { Arity = new ArgumentArity(1, 2), AllowMultipleArgumentsPerToken = true }
            : Repeatable
                ? new Option<string[]>(Name, Aliases) { Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false }
                : new Option<string>(Name, Aliases) { Arity = ArgumentArity.ExactlyOne };
        option.Description = Description;
        option.HelpName = HelpName;
        if (Words.Length > 0)
        {
            option.CompletionSources.Add(Words);
        }

        return option.InSection(Section);
    }

    internal string? Apply(ReportArguments arguments, string typedName, string? value) => _apply(arguments, typedName, value);

    internal void ApplyCount(ReportArguments arguments, int count) => _applyCount!(arguments, count);

    /// <summary>An option without a value.</summary>
    internal static ReportOptionSpec Flag(string name, HelpSection section, string description, Action<ReportArguments> apply,
        string? diffDescription = null) =>
        new(name, Array.Empty<string>(), section, null, null, description, diffDescription, false, (arguments, _, _) =>
        {
            apply(arguments);
            return null;
        });

    /// <summary>
    /// An option with a value and, after it, an optional whole number from 1 (<c>--slowest F [n]</c>). A word after
    /// the value that is not such a number is not the option's: it goes back to the command's own arguments.
    /// </summary>
    internal static ReportOptionSpec ValueAndCount<T>(string name, HelpSection section, string helpName, ValueKind<T> kind, string description,
        Action<ReportArguments, T> apply, CountApplier applyCount)
    {
        var spec = Value(name, section, helpName, kind, description, apply);
        spec._applyCount = applyCount;
        return spec;
    }

    /// <summary>An option with a value of <paramref name="kind"/>; a value that is not of that kind is refused in one line.</summary>
    internal static ReportOptionSpec Value<T>(string name, HelpSection section, string helpName, ValueKind<T> kind, string description,
        Action<ReportArguments, T> apply, string? diffDescription = null, bool repeatable = false, params string[] aliases) =>
        new(name, aliases, section, helpName, kind.Expected, description, diffDescription, repeatable, (arguments, typedName, value) =>
        {
            if (!kind.TryRead(value!, out var read))
            {
                return $"{typedName} needs {kind.Expected}" + (kind.QuotesBadValue ? $" (got '{value}')" : string.Empty);
            }

            apply(arguments, read);
            return null;
        }, kind.Words);
}
