using System.Collections.Generic;
using System.CommandLine;
using System.Runtime.CompilerServices;

namespace GoTrace.Reporter.CommandLine;

/// <summary>
/// A titled group of options in the help text, with an optional note printed under it; sections print in
/// <see cref="Order"/>, then in the order their options were added.
/// </summary>
public sealed record HelpSection(string Title, string? Footnote = null, int Order = 50)
{
    public static readonly HelpSection Formats = new("formats (default: the call tree)", Order: 20);

    public static readonly HelpSection Views = new("views",
        "(functions: full name App.Db.Connect, short name Db.Connect, a glob *.Connect, or a trailing part Connect)", Order: 30);

    public static readonly HelpSection Diff = new("diff", Order: 40);

    public static readonly HelpSection Export = new("export",
        "(with --otlp, --min-duration defaults to 1ms: shorter calls are counted in their parent span's attributes)", Order: 35);

    public static readonly HelpSection Output = new("output", Order: 90);

    /// <summary>Options without a section of their own: they print under "options", first.</summary>
    public static readonly HelpSection Other = new("options", Order: 10);
}

/// <summary>
/// What the help text needs beyond System.CommandLine's symbols: each option's section, each command's usage
/// lines, and the commands whose option descriptions differ (diff reads --min-duration as a noise floor).
/// </summary>
public static class HelpInfo
{
    private static readonly ConditionalWeakTable<Option, HelpSection> Sections = new();
    private static readonly ConditionalWeakTable<Command, IReadOnlyList<string>> Usages = new();
    private static readonly ConditionalWeakTable<Command, Dictionary<Option, string>> Descriptions = new();

    /// <summary>Puts <paramref name="option"/> in <paramref name="section"/> of every help text that shows it.</summary>
    public static T InSection<T>(this T option, HelpSection section)
        where T : Option
    {
        Sections.AddOrUpdate(option, section);
        return option;
    }

    public static HelpSection SectionOf(Option option) => Sections.TryGetValue(option, out var section) ? section : HelpSection.Other;

    /// <summary>The usage lines of a command's help, without "usage:" (e.g. <c>gotrace-report &lt;trace-file&gt; [options]</c>).</summary>
    public static void SetUsage(this Command command, params string[] lines) => Usages.AddOrUpdate(command, lines);

    public static IReadOnlyList<string>? UsageOf(Command command) => Usages.TryGetValue(command, out var lines) ? lines : null;

    /// <summary>How <paramref name="command"/>'s help describes <paramref name="option"/>, where it differs from the option's own description.</summary>
    public static void Describe(this Command command, Option option, string description) =>
        Descriptions.GetOrCreateValue(command)[option] = description;

    public static string DescriptionOf(Command command, Option option) =>
        Descriptions.TryGetValue(command, out var own) && own.TryGetValue(option, out var description)
            ? description
            : option.Description ?? string.Empty;
}
