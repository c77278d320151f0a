using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Runtime.CompilerServices;

namespace GoTrace.Reporter.CommandLine;

/// <summary>
/// What a command checks of its command line beyond what System.CommandLine can say, in its own words (a bad
/// value, options that do not combine): run before System.CommandLine's own errors are looked at, so that the
/// first problem on the line is the one reported.
/// </summary>
public static class CommandChecks
{
    /// <summary>Returns one line saying what is wrong, or null.</summary>
    public delegate string? Check(ParseResult parseResult, IReadOnlyList<string> args);

    private static readonly ConditionalWeakTable<Command, Check> Checks = new();

    public static void SetCheck(this Command command, Check check) => Checks.AddOrUpdate(command, check);

    /// <summary>The check of the command that was parsed, if it has one.</summary>
    public static string? Run(ParseResult parseResult, IReadOnlyList<string> args) =>
        Checks.TryGetValue(parseResult.CommandResult.Command, out var check) ? check(parseResult, args) : null;
}
