using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Weaving;

/// <summary>
/// A counted getter is still inlined into its caller by the JIT: a Release build woven through Fody, its loop
/// compiled with full optimization (tiered compilation off, so the listing does not depend on timing) and
/// printed by the JIT itself (DOTNET_JitDisasm). A getter marked NoInlining, timed, is the control: its call shows.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class InliningTests
{
    const string Source = """
        using System;
        using System.Runtime.CompilerServices;

        public sealed class Particle
        {
            private int _speed = 1;

            public bool Moving => _speed != 0;

            public int Pinned
            {
                [MethodImpl(MethodImplOptions.NoInlining)]
                get => _speed;
            }
        }

        public static class Program
        {
            public static void Main() => Console.WriteLine(Loop(new Particle()));

            [MethodImpl(MethodImplOptions.NoInlining)]
            public static int Loop(Particle particle)
            {
                int n = 0;
                for (int i = 0; i < 100; i++)
                {
                    if (particle.Moving) n += particle.Pinned;
                }

                return n;
            }
        }
        """;

    [Test]
    public void Counted_getter_is_inlined_into_its_caller_in_a_Release_build()
    {
        var program = TracedProgram.Build("inlining", Source, configuration: "Release");
        try
        {
            var listing = Path.Combine(program.Directory, "loop.asm");
            var trace = Path.Combine(program.Directory, "inlining.gotrace");
            var run = program.Run(new string[0], new Dictionary<string, string?>
            {
                ["DOTNET_TieredCompilation"] = "0",
                ["DOTNET_JitDisasm"] = "Loop",
                ["DOTNET_JitStdOutFile"] = listing,
                ["GOTRACE_OUTPUT"] = trace,
            });

            run.ExitCode.ShouldBe(0, run.ToString());
            run.StdOut.ShouldBe("100\n");
            var code = File.ReadAllText(listing);
            code.ShouldContain("Assembly listing for method Program:Loop");
            code.ShouldContain("call     [Particle:get_Pinned():int:this]", customMessage: code);
            code.ShouldNotContain("get_Moving", customMessage: code);
            // Its count too: only the slow path (the thread's first event, a full chunk) is a call.
            code.ShouldNotContain("Tracer:Count(int)", customMessage: code);
            code.ShouldContain("Tracer:CountMissed(int)", customMessage: code);

            using var file = TraceFile.Open(trace);
            file.Functions.Single(f => f.Name == "Particle.Moving.get").IsCounted.ShouldBeTrue();
            file.Functions.Single(f => f.Name == "Particle.Pinned.get").IsCounted.ShouldBeFalse();
            file.AllBalancedCalls()["Particle.Moving.get"].ShouldBe(100);
        }
        finally
        {
            RepoPaths.DeleteDirectories(program.Directory);
        }
    }
}
