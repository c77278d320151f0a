using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace GoTrace.Reporter;

/// <summary>
/// Which functions a <c>--focus</c> or <c>--callers</c> pattern names. Tried in order, the first rule that
/// matches any function of the trace wins: the full name (<c>App.Db.Connect</c>); the short name
/// (<c>Db.Connect</c>); a glob with <c>*</c> and <c>?</c> against either (<c>*.Connect</c>, <c>App.Data.*</c>);
/// a trailing part of the full name after a dot (<c>Connect</c>); then the same rules ignoring case.
/// Overloads share a name, so they match together.
/// </summary>
public sealed class FunctionMatcher
{
    private readonly HashSet<string> _fullNames;

    private FunctionMatcher(string pattern, HashSet<string> fullNames)
    {
        Pattern = pattern;
        _fullNames = fullNames;
    }

    public string Pattern { get; }

    /// <summary>Full names of the matched functions, sorted.</summary>
    public IReadOnlyList<string> MatchedNames => _fullNames.OrderBy(n => n, StringComparer.Ordinal).ToList();

    public bool Matches(FunctionInfo function) => _fullNames.Contains(function.FullName);

    /// <summary>Matches <paramref name="pattern"/> against <paramref name="functions"/>; null when nothing matches.</summary>
    public static FunctionMatcher? Find(string pattern, IEnumerable<FunctionInfo> functions)
    {
        var candidates = functions.GroupBy(f => f.FullName, StringComparer.Ordinal).Select(g => g.First()).ToList();
        foreach (var comparison in new[] { StringComparison.Ordinal, StringComparison.OrdinalIgnoreCase })
        {
            var glob = pattern.IndexOfAny(new[] { '*', '?' }) >= 0 ? GlobRegex(pattern, comparison) : null;
            var rules = new List<Func<FunctionInfo, bool>>
            {
                f => string.Equals(f.FullName, pattern, comparison),
                f => string.Equals(f.Name, pattern, comparison),
            };
            if (glob != null)
            {
                rules.Add(f => glob.IsMatch(f.FullName) || glob.IsMatch(f.Name));
            }

            rules.Add(f => f.FullName.Length > pattern.Length && f.FullName.EndsWith("." + pattern, comparison));
            foreach (var rule in rules)
            {
                var matched = candidates.Where(rule).Select(f => f.FullName).ToHashSet(StringComparer.Ordinal);
                if (matched.Count > 0)
                {
                    return new FunctionMatcher(pattern, matched);
                }
            }
        }

        return null;
    }

    /// <summary>Every distinct function that appears in a tree.</summary>
    public static IEnumerable<FunctionInfo> FunctionsIn(CallTree tree)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<CallNode>(tree.Roots);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (seen.Add(node.Function.FullName))
            {
                yield return node.Function;
            }

            foreach (var child in node.Children)
            {
                pending.Push(child);
            }
        }
    }

    private static Regex GlobRegex(string pattern, StringComparison comparison)
    {
        var regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
        var options = RegexOptions.CultureInvariant | (comparison == StringComparison.OrdinalIgnoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        return new Regex(regex, options, TimeSpan.FromSeconds(1));
    }
}
