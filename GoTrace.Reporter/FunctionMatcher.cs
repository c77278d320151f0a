using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace GoTrace.Reporter;

/// <summary>
/// Which functions a <c>--focus</c> or <c>--callers</c> pattern names. Tried in order, the first rule that
/// matches any function of the trace wins: the full name (<c>App.Db.Connect</c>, or
/// <c>App.Markdown.Parse(string)</c> for one overload); the short name (<c>Db.Connect</c>); the name
/// without its parameter list (every overload: <c>Markdown.Parse</c>); the name without its generic
/// parameters (<c>Repo.Get</c> for <c>Repo&lt;T&gt;.Get&lt;TKey&gt;</c>); a glob with <c>*</c> and <c>?</c>
/// against any of these (<c>*.Connect</c>, <c>App.Data.*</c>); a trailing part of the full name after a dot
/// (<c>Connect</c>); then the same rules ignoring case.
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
        var candidates = functions.GroupBy(f => f.FullName, StringComparer.Ordinal).Select(g => new Names(g.First())).ToList();
        var plainPattern = WithoutGenerics(pattern);
        foreach (var comparison in new[] { StringComparison.Ordinal, StringComparison.OrdinalIgnoreCase })
        {
            bool Same(string a, string b) => string.Equals(a, b, comparison);
            var glob = pattern.IndexOfAny(new[] { '*', '?' }) >= 0 ? GlobRegex(pattern, comparison) : null;
            var rules = new List<Func<Names, bool>>
            {
                f => Same(f.Function.FullName, pattern),
                f => Same(f.Function.Name, pattern),
                f => Same(f.Function.BaseFullName, pattern) || Same(f.Function.BaseName, pattern),
                f => Same(f.PlainFullName, plainPattern) || Same(f.PlainName, plainPattern),
            };
            if (glob != null)
            {
                rules.Add(f => f.All.Any(glob.IsMatch));
            }

            rules.Add(f => EndsWithPart(f.Function.FullName, pattern, comparison)
                || EndsWithPart(f.Function.BaseFullName, pattern, comparison)
                || EndsWithPart(f.PlainFullName, plainPattern, comparison));
            foreach (var rule in rules)
            {
                var matched = candidates.Where(rule).Select(f => f.Function.FullName).ToHashSet(StringComparer.Ordinal);
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

    /// <summary>
    /// A name without its generic parameter lists: <c>Strategy&lt;T&gt;.ExecuteCore&lt;TState&gt;</c> reads
    /// <c>Strategy.ExecuteCore</c>. A <c>&lt;</c> that closes nothing (<c>Money.operator &lt;</c>) stays.
    /// </summary>
    public static string WithoutGenerics(string name)
    {
        if (name.IndexOf('<', StringComparison.Ordinal) < 0)
        {
            return name;
        }

        var text = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var close = name[i] == '<' ? ClosingBracket(name, i) : -1;
            if (close < 0)
            {
                text.Append(name[i]);
            }
            else
            {
                i = close;
            }
        }

        return text.ToString();
    }

    /// <summary>The index of the <c>&gt;</c> closing the generic list opened at <paramref name="open"/>; -1 when it is not one.</summary>
    private static int ClosingBracket(string name, int open)
    {
        var depth = 0;
        for (var i = open; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '<')
            {
                depth++;
            }
            else if (c == '>')
            {
                if (--depth == 0)
                {
                    return i > open + 1 ? i : -1;
                }
            }
            else if (!(char.IsLetterOrDigit(c) || c is '_' or ',' or ' ' or '.' or '[' or ']' or '?'))
            {
                return -1;
            }
        }

        return -1;
    }

    private static bool EndsWithPart(string fullName, string pattern, StringComparison comparison) =>
        fullName.Length > pattern.Length && fullName.EndsWith("." + pattern, comparison);

    private static Regex GlobRegex(string pattern, StringComparison comparison)
    {
        var regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
        var options = RegexOptions.CultureInvariant | (comparison == StringComparison.OrdinalIgnoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        return new Regex(regex, options, TimeSpan.FromSeconds(1));
    }

    /// <summary>The names a function answers to.</summary>
    private sealed class Names
    {
        public Names(FunctionInfo function)
        {
            Function = function;
            PlainName = WithoutGenerics(function.BaseName);
            PlainFullName = WithoutGenerics(function.BaseFullName);
            All = new[] { function.FullName, function.Name, function.BaseFullName, function.BaseName, PlainFullName, PlainName };
        }

        public FunctionInfo Function { get; }

        public string PlainName { get; }

        public string PlainFullName { get; }

        public string[] All { get; }
    }
}
