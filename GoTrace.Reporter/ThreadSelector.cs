using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace GoTrace.Reporter;

/// <summary>
/// Which threads a <c>--thread T</c> names: <c>#N</c> is the thread index N (as events number threads, from 0);
/// a whole number is a managed thread id (every thread that had it); anything else is a thread name, exactly or
/// as a glob with <c>*</c> and <c>?</c>, ignoring case. Several <c>--thread</c> options add up.
/// </summary>
public static class ThreadSelector
{
    /// <summary>The threads matching any of <paramref name="selectors"/>; <paramref name="unmatched"/> is the first that matched none.</summary>
    public static bool TrySelect(TraceFile file, IReadOnlyList<string> selectors, out List<TraceThread> threads, out string? unmatched)
    {
        var selected = new HashSet<TraceThread>();
        unmatched = null;
        foreach (var selector in selectors)
        {
            var matched = file.Threads.Where(t => Matches(t, selector)).ToList();
            if (matched.Count == 0)
            {
                unmatched ??= selector;
            }

            selected.UnionWith(matched);
        }

        threads = file.Threads.Where(selected.Contains).ToList();
        return unmatched == null;
    }

    /// <summary>The threads, listed for an error message: <c>Main (thread 1, #0), thread 7 (#1)</c>.</summary>
    public static string Describe(TraceFile file)
    {
        if (file.Threads.Count == 0)
        {
            return "the trace has no threads";
        }

        var listed = file.Threads.Take(12).Select(t =>
            (t.Name.Length == 0 ? "thread " + t.ManagedThreadId.ToString(CultureInfo.InvariantCulture) + " (" : t.Name + " (thread " + t.ManagedThreadId.ToString(CultureInfo.InvariantCulture) + ", ")
            + "#" + t.ThreadIndex.ToString(CultureInfo.InvariantCulture) + ")");
        return "threads: " + string.Join(", ", listed) + (file.Threads.Count > 12 ? $", … ({file.Threads.Count} in all)" : string.Empty);
    }

    private static bool Matches(TraceThread thread, string selector)
    {
        if (selector.Length > 1 && selector[0] == '#')
        {
            return int.TryParse(selector.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && thread.ThreadIndex == index;
        }

        if (int.TryParse(selector, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var managedId))
        {
            return thread.ManagedThreadId == managedId;
        }

        if (selector.IndexOfAny(new[] { '*', '?' }) >= 0)
        {
            var regex = "^" + Regex.Escape(selector).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
            return Regex.IsMatch(thread.Name, regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }

        return string.Equals(thread.Name, selector, StringComparison.OrdinalIgnoreCase);
    }
}
