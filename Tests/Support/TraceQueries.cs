using System.Collections.Generic;
using System.Linq;
using GoTrace.Reporter;
using Shouldly;

namespace Tests.Support;

/// <summary>What a test asks of a real trace file.</summary>
public static class TraceQueries
{
    /// <summary>The threads with this name (a test names each thread it runs a case on).</summary>
    public static IReadOnlyList<TraceThread> ThreadsNamed(this TraceFile file, string name) =>
        file.Threads.Where(t => t.Name == name).ToList();

    /// <summary>How many times each function was called on a thread (entered, or counted); asserts every enter has its exit.</summary>
    public static Dictionary<string, int> BalancedCalls(this TraceFile file, TraceThread thread)
    {
        var calls = new Dictionary<string, int>();
        var open = new Stack<int>();
        foreach (var e in file.ReadEvents(thread))
        {
            if (e.Kind == TraceEventKind.Count)
            {
                var name = file.Functions[e.FunctionId].BaseFullName;
                calls[name] = (calls.TryGetValue(name, out var n) ? n : 0) + (int)e.Calls;
            }
            else if (e.Kind == TraceEventKind.Enter)
            {
                open.Push(e.FunctionId);
                var name = file.Functions[e.FunctionId].BaseFullName;
                calls[name] = calls.TryGetValue(name, out var n) ? n + 1 : 1;
            }
            else
            {
                open.Count.ShouldBeGreaterThan(0, $"exit of {file.Functions[e.FunctionId].FullName} without an enter on {thread}");
                var entered = open.Pop();
                file.Functions[e.FunctionId].FullName.ShouldBe(file.Functions[entered].FullName, $"exit does not match its enter on {thread}");
            }
        }

        open.Select(id => file.Functions[id].FullName).ShouldBeEmpty($"calls never exited on {thread}");
        return calls;
    }

    /// <summary>Count events (each one word, standing for one or more calls of a counted function) of every thread.</summary>
    public static int CountEvents(this TraceFile file) =>
        file.Threads.Sum(t => file.ReadEvents(t).Count(e => e.Kind == TraceEventKind.Count));

    /// <summary>Work events (spawn, begin, end, async call, async complete) of every thread.</summary>
    public static int WorkEvents(this TraceFile file) =>
        file.Threads.Sum(t => file.ReadEvents(t, withWork: true).Count(e => e.Kind == TraceEventKind.Work));

    /// <summary>Calls summed over every thread of the trace.</summary>
    public static Dictionary<string, int> AllBalancedCalls(this TraceFile file)
    {
        var total = new Dictionary<string, int>();
        foreach (var thread in file.Threads)
        {
            foreach (var pair in file.BalancedCalls(thread))
            {
                total[pair.Key] = total.TryGetValue(pair.Key, out var n) ? n + pair.Value : pair.Value;
            }
        }

        return total;
    }

    /// <summary>Calls per function (enters, and calls counted by count events) over every thread, without asking for balance (frames may still be open).</summary>
    public static Dictionary<string, int> EnterCounts(this TraceFile file)
    {
        var calls = new Dictionary<string, int>();
        foreach (var thread in file.Threads)
        {
            foreach (var e in file.ReadEvents(thread))
            {
                if (e.Kind is TraceEventKind.Enter or TraceEventKind.Count)
                {
                    var name = file.Functions[e.FunctionId].BaseFullName;
                    calls[name] = (calls.TryGetValue(name, out var n) ? n : 0) + (e.Kind == TraceEventKind.Count ? (int)e.Calls : 1);
                }
            }
        }

        return calls;
    }

    /// <summary>How many enters have no exit, over every thread.</summary>
    public static int OpenFrames(this TraceFile file)
    {
        var open = 0;
        foreach (var thread in file.Threads)
        {
            foreach (var e in file.ReadEvents(thread))
            {
                open += e.Kind switch { TraceEventKind.Enter => 1, TraceEventKind.Exit => -1, _ => 0 };
            }
        }

        return open;
    }

    /// <summary>"A ×2, B ×1" in name order, so a failing comparison reads well.</summary>
    public static string Describe(this IReadOnlyDictionary<string, int> calls) =>
        string.Join("\n", calls.OrderBy(p => p.Key, System.StringComparer.Ordinal).Select(p => $"{p.Key} ×{p.Value}"));
}
