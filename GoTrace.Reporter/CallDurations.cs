using System;

namespace GoTrace.Reporter;

/// <summary>
/// The single calls' durations of tree nodes (<see cref="CallNode.Durations"/>) and of flat-profile rows. A node
/// with one call keeps no sketch: its one duration is its total. A sketch is shared read-only by the nodes views
/// copy or merge it into, and copied the first time one of them adds to it.
/// </summary>
public static class CallDurations
{
    /// <summary>The distribution of a node's calls, when it has more than one.</summary>
    public static DurationSketch? Of(CallNode node) => node.Calls > 1 && node.Durations is { Count: > 1 } sketch ? sketch : null;

    /// <summary>The distribution of a flat-profile row's calls, when it has more than one.</summary>
    public static DurationSketch? Of(FunctionStats stats) => stats.Calls > 1 && stats.Durations is { Count: > 1 } sketch ? sketch : null;

    /// <summary>Adds <paramref name="from"/>'s durations to <paramref name="into"/>, before <paramref name="from"/>'s counts are added to it.</summary>
    public static void Merge(CallNode into, CallNode from)
    {
        if (from.Durations != null || from.Calls == 1)
        {
            Merge(into, from.Durations, from.TotalTicks, take: false);
        }
    }

    /// <summary>Adds a node's durations to a flat-profile row.</summary>
    public static void AddTo(FunctionStats stats, CallNode node)
    {
        if (node.Durations != null || node.Calls == 1)
        {
            AddTo(stats.Durations ??= new DurationSketch(), node);
        }
    }

    /// <summary>Adds a node's single calls' durations (its sketch, or its total when it is one call) to <paramref name="sketch"/>.</summary>
    public static void AddTo(DurationSketch sketch, CallNode node)
    {
        if (node.Durations != null)
        {
            sketch.Add(node.Durations);
        }
        else if (node.Calls == 1)
        {
            sketch.Add(node.TotalTicks);
        }
    }

    /// <summary>
    /// Adds durations (a sketch, or else one duration <paramref name="single"/>) to <paramref name="into"/>, before
    /// their calls are added to its counts. With <paramref name="take"/>, the sketch is handed over, else shared.
    /// </summary>
    internal static void Merge(CallNode into, DurationSketch? sketch, long single, bool take)
    {
        if (into.Calls == 0 && into.Durations == null)
        {
            if (sketch != null)
            {
                into.Durations = sketch;
                if (take)
                {
                    sketch.Owner = into;
                }
            }

            return; // one duration: the node's total says it
        }

        var own = into.Durations;
        if (own == null || own.Owner != into)
        {
            var copy = new DurationSketch { Owner = into };
            if (own != null)
            {
                copy.Add(own);
            }
            else
            {
                copy.Add(into.TotalTicks);
            }

            into.Durations = own = copy;
        }

        if (sketch != null)
        {
            own.Add(sketch);
        }
        else
        {
            own.Add(Math.Max(0, single));
        }
    }
}
