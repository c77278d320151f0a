using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace GoTrace.Cli;

/// <summary>The <c>[AssemblyGlob]</c> parts of --include filters, read the way the weaver reads them.</summary>
public sealed class AssemblyGlobs
{
    static readonly Regex BracketPart = new(@"^\s*\[(?<assembly>[^\[\]]+)\]");

    readonly Regex _regex;

    AssemblyGlobs(string text)
    {
        Text = text;
        _regex = new Regex("^" + Regex.Escape(text).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.CultureInvariant);
    }

    public string Text { get; }

    public bool Matches(string assemblyName) => _regex.IsMatch(assemblyName);

    /// <summary>The assembly globs an include names: those in brackets other than a bare <c>*</c>.</summary>
    public static IReadOnlyList<AssemblyGlobs> Named(string? include)
    {
        if (string.IsNullOrWhiteSpace(include))
        {
            return Array.Empty<AssemblyGlobs>();
        }

        return include.Split('|')
            .Select(filter => BracketPart.Match(filter))
            .Where(match => match.Success)
            .Select(match => match.Groups["assembly"].Value.Trim())
            .Where(glob => glob.Trim('*').Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Select(glob => new AssemblyGlobs(glob))
            .ToList();
    }
}
