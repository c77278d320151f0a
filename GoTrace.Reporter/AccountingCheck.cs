using System;
using System.Globalization;
using System.IO;

namespace GoTrace.Reporter;

/// <summary>
/// A self-check of the flat profile's accounting (docs/accounting.md), on when the environment variable
/// <c>GOTRACE_REPORT_CHECK</c> is set (not <c>0</c>): every tree the reporter builds, and every trace file it closes
/// without having built one, must give each function a self time within its total and a total within the trace's
/// wall time times its threads, and each node of the tree a wait that is not negative and, for an async call, fits
/// in its duration beside its self time (docs/work-and-wait.md); otherwise the report fails with an internal error naming the function. When the
/// variable names a file (it holds a directory separator), a line per trace checked is appended to it. The test
/// suite turns it on for every test and every process it starts.
/// </summary>
internal static class AccountingCheck
{
    public const string Variable = "GOTRACE_REPORT_CHECK";

    private static readonly string? Setting = Environment.GetEnvironmentVariable(Variable);

    public static bool Enabled => !string.IsNullOrEmpty(Setting) && Setting != "0";

    /// <summary>
    /// Checks a tree just built from <paramref name="file"/>; throws <see cref="InvalidOperationException"/> when a
    /// figure breaks the rules. <paramref name="whole"/>: the logical tree of every thread (the file counts as checked).
    /// </summary>
    public static void Verify(CallTree tree, TraceFile file, bool whole)
    {
        // Int128: damaged traces can hold clock values whose products overflow a long.
        var bound = (Int128)tree.TotalTicks * Math.Max(1, tree.ThreadCount);
        var profile = FlatProfile.Of(tree);
        foreach (var row in profile.Functions)
        {
            if (row.SelfTicks < 0 || row.SelfTicks > row.TotalTicks || row.TotalTicks > bound)
            {
                throw new InvalidOperationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"accounting check failed on {file.Path}: {row.Function.FullName} has self {row.SelfTicks} and total {row.TotalTicks} ticks; the trace has {tree.TotalTicks} ticks of wall time and {tree.ThreadCount} threads"));
            }
        }

        VerifyWaits(tree, file);
        file.AccountingChecked |= whole;
        if (Setting!.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || Setting.Contains('/', StringComparison.Ordinal))
        {
            File.AppendAllText(Setting, string.Create(CultureInfo.InvariantCulture, $"{file.Path}\t{profile.Functions.Count} functions\t{tree.ThreadCount} threads\n"));
        }
    }

    /// <summary>An async call's self time (on a thread) and its wait (off every thread) are disjoint parts of its duration.</summary>
    private static void VerifyWaits(CallTree tree, TraceFile file)
    {
        var pending = new System.Collections.Generic.Stack<CallNode>(tree.Roots);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (node.WaitTicks < 0 || (node.Kind == CallKind.Async && node.KnowsRuns && node.SelfTicks + node.WaitTicks > node.TotalTicks))
            {
                throw new InvalidOperationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"accounting check failed on {file.Path}: {node.Function.FullName} ({node.Kind}) has self {node.SelfTicks}, wait {node.WaitTicks} and total {node.TotalTicks} ticks"));
            }

            foreach (var child in node.Children)
            {
                pending.Push(child);
            }
        }
    }

    /// <summary>A trace file closed without a full tree built from it: builds one and checks it (a trace that cannot be read has nothing to check).</summary>
    public static void OnClose(TraceFile file)
    {
        if (!Enabled || file.AccountingChecked)
        {
            return;
        }

        try
        {
            CallTree.Build(file);
        }
        catch (Exception e) when (e is TraceFormatException or IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
        }
    }
}
