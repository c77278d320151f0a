using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.IO;
using System.Linq;
using System.Text;

namespace GoTrace.Reporter.CommandLine;

/// <summary>
/// The help of a command, written from its definition: usage lines, description, arguments, its options grouped
/// by <see cref="HelpSection"/>, its subcommands. Both tools use it, so the reporter's options read the same in
/// <c>gotrace-report --help</c> and <c>gotrace run --help</c>.
/// </summary>
public static class HelpText
{
    private const int Width = 100;
    private const int MaxLabel = 26;

    /// <param name="tool">The root's name as the user types it (<c>gotrace</c>, <c>gotrace-report</c>).</param>
    public static string For(Command command, string tool)
    {
        var path = Path(command, tool);
        var text = new StringBuilder();
        var usage = HelpInfo.UsageOf(command) ?? new[] { DefaultUsage(command, path) };
        for (var i = 0; i < usage.Count; i++)
        {
            text.Append(i == 0 ? "usage: " : "       ").Append(usage[i]).Append('\n');
        }

        if (!string.IsNullOrEmpty(command.Description))
        {
            text.Append('\n');
            Wrap(text, command.Description, 0, 0);
        }

        var sections = new List<(string Title, string? Footnote, List<(string Label, string Description)> Rows)>();
        var arguments = command.Arguments.Where(a => !a.Hidden && !string.IsNullOrEmpty(a.Description)).ToList();
        if (arguments.Count > 0)
        {
            sections.Add(("arguments", null, arguments.Select(a => ($"<{a.Name}>", a.Description!)).ToList()));
        }

        foreach (var group in VisibleOptions(command).GroupBy(HelpInfo.SectionOf).OrderBy(group => group.Key.Order))
        {
            sections.Add((group.Key.Title, group.Key.Footnote, group.Select(o => (Label(o), HelpInfo.DescriptionOf(command, o))).ToList()));
        }

        var subcommands = command.Subcommands.Where(c => !c.Hidden).ToList();
        if (subcommands.Count > 0)
        {
            sections.Add(("commands", $"(see {path} <command> --help)", subcommands
                .Select(c => (string.Join(" ", new[] { c.Name }.Concat(c.Arguments.Where(a => !a.Hidden).Select(a => $"<{a.Name}>"))), FirstSentence(c.Description)))
                .ToList()));
        }

        var column = Math.Min(MaxLabel, sections.SelectMany(s => s.Rows).Select(r => r.Label.Length).DefaultIfEmpty(0).Max()) + 4;
        foreach (var (title, footnote, rows) in sections)
        {
            text.Append('\n').Append(title).Append('\n');
            foreach (var (label, description) in rows)
            {
                text.Append("  ").Append(label);
                if (label.Length + 2 > column - 2)
                {
                    text.Append('\n').Append(' ', column);
                }
                else
                {
                    text.Append(' ', column - 2 - label.Length);
                }

                Wrap(text, description, column, column);
            }

            if (footnote != null)
            {
                text.Append(' ', column);
                Wrap(text, footnote, column, column);
            }
        }

        return text.ToString();
    }

    /// <summary>The command as typed: the tool, then the subcommands down to it.</summary>
    public static string Path(Command command, string tool)
    {
        var names = new List<string>();
        for (var current = command; current != null && current is not RootCommand && current.Parents.Any(); current = current.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Insert(0, current.Name);
        }

        names.Insert(0, tool);
        return string.Join(" ", names);
    }

    /// <summary>The help option, writing this help (to the invocation's output) instead of System.CommandLine's.</summary>
    public static void Use(HelpOption help, string tool)
    {
        help.Action = new WriteHelp(tool);
        help.Description = "show this help";
    }

    private static IEnumerable<Option> VisibleOptions(Command command)
    {
        var inherited = command.Parents.OfType<Command>()
            .SelectMany(Ancestry)
            .SelectMany(c => c.Options)
            .Where(o => o.Recursive);
        return command.Options.Concat(inherited).Where(o => !o.Hidden).Distinct();
    }

    private static IEnumerable<Command> Ancestry(Command command) =>
        new[] { command }.Concat(command.Parents.OfType<Command>().SelectMany(Ancestry));

    private static string Label(Option option)
    {
        var names = new[] { option.Name }.Concat(option.Aliases)
            .Where(name => name.StartsWith('-') && name != "-?")
            .Distinct()
            .OrderBy(name => name.StartsWith("--", StringComparison.Ordinal) ? 1 : 0);
        var label = string.Join(", ", names);
        return option.HelpName == null ? label : option.HelpName.StartsWith('<') ? $"{label} {option.HelpName}" : $"{label} <{option.HelpName}>";
    }

    private static string DefaultUsage(Command command, string path)
    {
        var usage = new StringBuilder(path);
        if (command.Subcommands.Count > 0)
        {
            usage.Append(" [command]");
        }

        foreach (var argument in command.Arguments.Where(a => !a.Hidden))
        {
            var many = argument.Arity.MaximumNumberOfValues > 1 ? "..." : string.Empty;
            usage.Append(argument.Arity.MinimumNumberOfValues == 0 ? $" [{argument.Name}{many}]" : $" <{argument.Name}{many}>");
        }

        return usage.Append(" [options]").ToString();
    }

    private static string FirstSentence(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        // The end of the first sentence: a full stop before a capital ("e.g. for" goes on).
        for (var i = 0; i + 2 < text.Length; i++)
        {
            if (text[i] == '.' && text[i + 1] == ' ' && char.IsUpper(text[i + 2]))
            {
                return text.Substring(0, i);
            }
        }

        return text.TrimEnd('.');
    }

    /// <summary>Appends <paramref name="text"/> wrapped at <see cref="Width"/>; the first line continues the current one.</summary>
    private static void Wrap(StringBuilder text, string words, int firstColumn, int indent)
    {
        var column = firstColumn;
        var first = true;
        foreach (var word in words.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!first && column + 1 + word.Length > Width)
            {
                text.Append('\n').Append(' ', indent);
                column = indent;
                first = true;
            }

            if (!first)
            {
                text.Append(' ');
                column++;
            }

            text.Append(word);
            column += word.Length;
            first = false;
        }

        text.Append('\n');
    }

    private sealed class WriteHelp : System.CommandLine.Invocation.SynchronousCommandLineAction
    {
        private readonly string _tool;

        public WriteHelp(string tool) => _tool = tool;

        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.Write(For(parseResult.CommandResult.Command, _tool));
            output.Flush();
            return 0;
        }
    }
}
