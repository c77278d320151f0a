using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;

namespace GoTrace.Cli;

/// <summary>
/// The program's own arguments: the words after the project that are not gotrace's (<c>gotrace run app deep 5</c>),
/// then everything after <c>--</c>, which is the program's even when it looks like a gotrace option.
/// </summary>
public static class ProgramArguments
{
    public static Argument<string[]> Create() =>
        PathArgument.RefuseOptions(new Argument<string[]>("arguments")
        {
            Description = "The program's arguments; words that look like options (-x, --name) go after --",
            Arity = ArgumentArity.ZeroOrMore,
        });

    /// <summary>The words given before <c>--</c>, then those after it.</summary>
    public static IReadOnlyList<string> Read(ParseResult parseResult, Argument<string[]> argument, IReadOnlyList<string> afterSeparator) =>
        (parseResult.GetValue(argument) ?? Array.Empty<string>()).Concat(afterSeparator).ToList();
}
