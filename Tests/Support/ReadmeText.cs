using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Tests.Support;

/// <summary>The parts of README.md that tests run or compare with: its set-up blocks, its front-door commands, its example trees.</summary>
public sealed class ReadmeText
{
    /// <summary>The line right above each fenced code block that a fresh clone runs as written.</summary>
    public const string SetupMarker = "<!-- setup -->";

    readonly string[] _lines;

    public ReadmeText(string text)
    {
        _lines = text.Replace("\r\n", "\n").Split('\n');
    }

    /// <summary>The fenced code blocks under <see cref="SetupMarker"/>, in the order they appear.</summary>
    public IReadOnlyList<string> SetupBlocks()
    {
        var blocks = new List<string>();
        for (var i = 0; i < _lines.Length; i++)
        {
            if (_lines[i].Trim() != SetupMarker)
            {
                continue;
            }

            var fence = i + 1;
            if (fence >= _lines.Length || !_lines[fence].StartsWith("```", StringComparison.Ordinal))
            {
                throw new FormatException($"README.md line {i + 1}: {SetupMarker} is not followed by a fenced code block");
            }

            var body = _lines.Skip(fence + 1).TakeWhile(line => !line.StartsWith("```", StringComparison.Ordinal));
            blocks.Add(string.Join("\n", body) + "\n");
        }

        return blocks;
    }

    /// <summary>The command in the front-door table's row whose first cell contains <paramref name="what"/>.</summary>
    public string FrontDoorCommand(string what)
    {
        var row = _lines.Single(line => line.StartsWith("| ", StringComparison.Ordinal) && line.Split('|')[1].Contains(what, StringComparison.Ordinal));
        return row.Split('|')[2].Trim().Trim('`');
    }

    /// <summary>
    /// The function names (with their <c>⇢</c> marker) of the call tree in the first fenced block that starts with
    /// <paramref name="commandLine"/>: the rows after its <c>TOTAL:</c> line, up to the block's end or a <c>...</c> line.
    /// </summary>
    public IReadOnlyList<string> TreeNamesAfter(string commandLine)
    {
        var start = -1;
        var inBlock = false;
        for (var i = 0; i < _lines.Length && start < 0; i++)
        {
            if (_lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock;
                if (inBlock && i + 1 < _lines.Length && _lines[i + 1] == commandLine)
                {
                    start = i + 1;
                }
            }
        }

        if (start < 0)
        {
            throw new FormatException($"README.md has no fenced block starting with '{commandLine}'");
        }

        return _lines.Skip(start)
            .SkipWhile(line => !line.StartsWith("TOTAL: ", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(line => line != "```" && line != "...")
            .Select(TreeName)
            .ToList();
    }

    /// <summary>The name a call tree row shows, with its <c>⇢</c> marker: <c>│   ├── ⇢ Db.QueryAsync  85.9ms …</c> gives <c>⇢ Db.QueryAsync</c>.</summary>
    public static string TreeName(string row)
    {
        var text = row.TrimStart('│', '├', '└', '─', ' ');
        return text.StartsWith("⇢ ", StringComparison.Ordinal) ? "⇢ " + text.Substring(2).Split(' ')[0] : text.Split(' ')[0];
    }

    /// <summary>Whether <paramref name="output"/> holds a call tree row for <paramref name="name"/> (as <see cref="TreeName"/> gives it).</summary>
    public static bool HasTreeRow(string output, string name) =>
        Regex.IsMatch(output, $@"(^|── ){Regex.Escape(name)}\s", RegexOptions.Multiline);
}
