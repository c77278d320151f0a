using System.Linq;
using NUnit.Framework;
using Shouldly;

namespace Tests.Weaving;

/// <summary>The tiny-member rule on AssemblyToProcess woven in this process (a Debug build): see <see cref="TinyMemberTable"/>.</summary>
[TestFixture]
public sealed class TinyMemberTests
{
    [Test]
    public void Tiny_members_are_counted_and_everything_else_is_timed()
    {
        using var trace = WovenAssembly.OpenTrace();
        TinyMemberTable.Mismatches(trace).ShouldBeEmpty();
    }

    [Test]
    public void Counted_members_are_marked_for_inlining_and_carry_no_try_finally()
    {
        var getter = WovenAssembly.Type("AssemblyToProcess.Shapes.Particle").GetProperty("Moving")!.GetMethod!;
        getter.MethodImplementationFlags.HasFlag(System.Reflection.MethodImplAttributes.AggressiveInlining).ShouldBeTrue();
        getter.GetMethodBody()!.ExceptionHandlingClauses.ShouldBeEmpty();

        var timed = WovenAssembly.Type("AssemblyToProcess.Shapes.Particle").GetProperty("Sum4")!.GetMethod!;
        timed.MethodImplementationFlags.HasFlag(System.Reflection.MethodImplAttributes.AggressiveInlining).ShouldBeFalse();
        timed.GetMethodBody()!.ExceptionHandlingClauses.Single().Flags.ShouldBe(System.Reflection.ExceptionHandlingClauseOptions.Finally);
    }
}
