using System;
using AssemblyToProcess.Shapes;

namespace AssemblyToProcess;

public static partial class Cases
{
    /// <summary>Counted or timed, every call is in the trace: a counted getter called a million times is ×1000000.</summary>
    [ExpectCall(C + "TinyMembers", 1)]
    [ExpectCall(S + "Particle..cctor", 1)]
    [ExpectCall(S + "Particle..ctor", 2)]
    [ExpectCall(S + "HeavyParticle..ctor", 1)]
    [ExpectCall(S + "Particle.Move", 1)]
    [ExpectCall(S + "Particle.Next.get", 3)]
    [ExpectCall(S + "Particle.X.set", 3)]
    [ExpectCall(S + "Particle.X.get", 1)]
    [ExpectCall(S + "Particle.Moving.get", 1_000_000)]
    [ExpectCall(S + "Particle.Limit.get", 1)]
    [ExpectCall(S + "Particle.Sign", 2)]
    [ExpectCall(S + "Particle.Touch", 1)]
    [ExpectCall(S + "Particle.Weight.get", 1)]
    [ExpectCall(S + "HeavyParticle.Weight.get", 1)]
    [ExpectCall(S + "Particle.HistoryCount.get", 1)]
    [ExpectCall(S + "Particle.HighestBit", 1)]
    [ExpectCall(S + "Particle.SafeRatio", 1)]
    [ExpectCall(S + "Particle.Fail", 1)]
    [ExpectCall(S + "Particle.Sum4.get", 1)]
    [ExpectCall(S + "Particle.Pinned.get", 1)]
    public static string TinyMembers()
    {
        var particle = new Particle();
        particle.Move(3);
        int moving = 0;
        for (int i = 0; i < 1_000_000; i++)
        {
            if (particle.Moving) moving++;
        }

        particle.Touch();
        Particle heavy = new HeavyParticle();
        string failed;
        try
        {
            Particle.Fail();
            failed = "no";
        }
        catch (NullReferenceException)
        {
            failed = "threw";
        }

        return moving + "," + particle.X + "," + Particle.Limit + "," + Particle.Sign(5) + Particle.Sign(-5) + "," +
            particle.Weight + "," + heavy.Weight + "," + particle.HistoryCount + "," + Particle.HighestBit(37) + "," +
            particle.SafeRatio() + "," + failed + "," + particle.Sum4 + "," + particle.Pinned;
    }
}
