using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace GoTrace.Reporter;

/// <summary>
/// How reports name threads: <c>Main (thread 1)</c>, <c>thread 7</c> for an unnamed one, with <c>#index</c>
/// added when several threads of the trace share a managed thread id (the runtime reuses ids).
/// </summary>
internal static class ThreadLabels
{
    public static Dictionary<TraceThread, string> For(IReadOnlyList<TraceThread> all)
    {
        var shared = all.GroupBy(t => t.ManagedThreadId).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        var labels = new Dictionary<TraceThread, string>();
        foreach (var thread in all)
        {
            var id = thread.ManagedThreadId.ToString(CultureInfo.InvariantCulture);
            var label = thread.Name.Length == 0 ? "thread " + id : $"{thread.Name} (thread {id})";
            if (shared.Contains(thread.ManagedThreadId) || !thread.IsDescribed)
            {
                label += " #" + thread.ThreadIndex.ToString(CultureInfo.InvariantCulture);
            }

            labels.Add(thread, label);
        }

        return labels;
    }

    /// <summary>The process as reports name it: <c>Demo (pid 4242)</c>.</summary>
    public static string Process(TraceFile file) =>
        (file.ProcessName.Length == 0 ? "process" : file.ProcessName) + " (pid " + file.ProcessId.ToString(CultureInfo.InvariantCulture) + ")";
}
