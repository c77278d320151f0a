using System.Collections.Generic;
using System.Linq;
using GoTrace.Reporter;
using Shouldly;

namespace Tests.Weaving;

/// <summary>Which functions of AssemblyToProcess the tiny-member rule counts and which it times, in Debug and Release alike.</summary>
public static class TinyMemberTable
{
    public static readonly IReadOnlyDictionary<string, bool> Counted = new Dictionary<string, bool>
    {
        ["Particle.Moving.get"] = true, // a field compared with a constant
        ["Particle.X.get"] = true, // a field getter with a block body
        ["Particle.X.set"] = true, // a field setter
        ["Particle.Limit.get"] = true, // a static field
        ["Particle.Next.get"] = true, // a one-line expression
        ["Particle.Sign"] = true, // a forward branch
        ["Particle.Touch"] = true, // an empty method
        ["Particle.Weight.get"] = true, // virtual
        ["HeavyParticle.Weight.get"] = true, // an override
        ["Particle.HistoryCount.get"] = false, // calls List<int>.Count
        ["Particle.HighestBit"] = false, // a loop
        ["Particle.SafeRatio"] = false, // try/catch
        ["Particle.Fail"] = false, // throws
        ["Particle.Sum4.get"] = false, // more than 16 bytes of IL
        ["Particle.Pinned.get"] = false, // [MethodImpl(NoInlining)]
        ["Particle..cctor"] = false, // a static constructor
        ["Particle..ctor"] = false, // calls its base constructor
        ["Particle.Move"] = false,
        ["AsyncShapes.CompletedSynchronously"] = false, // an async MoveNext
        ["Overloads.Pick"] = false, // calls string.Concat
    };

    /// <summary>Every function of the table, as the trace's function table flags it: the mismatches, empty when all agree.</summary>
    public static List<string> Mismatches(TraceFile trace, bool countingOn = true)
    {
        var mismatches = new List<string>();
        foreach (var (name, counted) in Counted)
        {
            var functions = trace.Functions.Where(f => f.BaseFullName == "AssemblyToProcess.Shapes." + name).ToList();
            functions.ShouldNotBeEmpty(name);
            var expected = counted && countingOn;
            mismatches.AddRange(functions.Where(f => f.IsCounted != expected).Select(f => $"{name}{f.Parameters}: expected {(expected ? "counted" : "timed")}"));
        }

        return mismatches;
    }
}
