using System.Linq;
using System.Text.Json;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;

namespace Tests.Reporter;

/// <summary>gotrace-report diff: per-function change, sorted by impact; --fail-above fails on a regression.</summary>
public class DiffTests : ReporterTestBase
{
    private const long Ms = 1_000_000;

    [Test]
    public void A_method_made_slower_is_listed_first_and_fails_the_build()
    {
        var before = Save(Program(dbConnectMs: 40), "base.bin");
        var after = Save(Program(dbConnectMs: 60), "head.bin");

        var result = RunCommand("diff", before, after, "--fail-above", "10");

        result.ExitCode.ShouldBe(1);
        result.StdoutLines[0].ShouldBe($"base: {before}  300ms");
        result.StdoutLines[1].ShouldBe($"head: {after}  320ms  (+6.7%)");
        result.StdoutLines[2].ShouldBe("4 functions with at least 1ms and 1.0% of the time, by change in self time:");
        result.StdoutLines[3].Split(' ', System.StringSplitOptions.RemoveEmptyEntries).ShouldBe(new[] { "Δself", "Δtotal", "total%", "total", "base", "→", "head", "calls", "base", "→", "head", "function" });
        result.StdoutLines[4].Split(' ', System.StringSplitOptions.RemoveEmptyEntries).ShouldBe(new[] { "+20ms", "+20ms", "+50.0%", "40ms", "→", "60ms", "1", "→", "1", "Db.Connect" });
        result.StderrLines.ShouldHaveSingleItem().ShouldBe("gotrace-report: 1 function got slower by more than 10% (total time): App.Data.Db.Connect (+50.0%)");
    }

    [Test]
    public void The_same_program_twice_passes()
    {
        var result = RunCommand("diff", Save(Program(40), "a.bin"), Save(Program(40), "b.bin"), "--fail-above", "1");

        result.ExitCode.ShouldBe(0);
        result.Stderr.ShouldBeEmpty();
        result.StdoutLines.Skip(4).ShouldAllBe(l => l.TrimStart().StartsWith("0  ", System.StringComparison.Ordinal));
    }

    [Test]
    public void Below_the_limit_passes_and_the_noise_floor_hides_tiny_functions()
    {
        var before = Save(Program(40), "base.bin");
        var after = Save(Program(60), "head.bin");

        RunCommand("diff", before, after, "--fail-above", "60").ExitCode.ShouldBe(0);

        // Router.Add runs 2 µs: under the default 1 ms floor it is not listed, so its growth cannot fail the build.
        var slowAdd = Save(Program(40, routerAddNs: 4000), "add.bin");
        var quiet = RunCommand("diff", before, slowAdd, "--fail-above", "10");
        quiet.ExitCode.ShouldBe(0);
        quiet.Stdout.ShouldNotContain("Router.Add");
        var loud = RunCommand("diff", before, slowAdd, "--fail-above", "10", "--min-duration", "0", "--min-percent", "0");
        loud.ExitCode.ShouldBe(1);
        loud.Stdout.ShouldContain("Router.Add");
    }

    [Test]
    public void New_and_gone_functions_are_listed_and_never_fail()
    {
        var before = NewTrace();
        before.Thread(0, 1).Enter(ProgramMain, 0).Call(DbConnect, 0, 50 * Ms).Exit(ProgramMain, 100 * Ms);
        var after = NewTrace();
        after.Thread(0, 1).Enter(ProgramMain, 0).Call(RouterInit, 0, 50 * Ms).Exit(ProgramMain, 100 * Ms);

        var result = RunCommand("diff", Save(before, "a.bin"), Save(after, "b.bin"), "--fail-above", "0");

        result.ExitCode.ShouldBe(0);
        result.Stdout.ShouldContain("new");
        result.Stdout.ShouldContain("gone");
    }

    [Test]
    public void Json_lists_the_changes_and_the_regressions()
    {
        var result = RunCommand("diff", Save(Program(40), "a.bin"), Save(Program(60), "b.bin"), "--json", "--fail-above", "10");

        result.ExitCode.ShouldBe(1);
        using var json = JsonDocument.Parse(result.Stdout);
        json.RootElement.GetProperty("regressions").EnumerateArray().Select(e => e.GetString()).ShouldBe(new[] { "App.Data.Db.Connect" });
        var first = json.RootElement.GetProperty("functions")[0];
        first.GetProperty("name").GetString().ShouldBe("App.Data.Db.Connect");
        first.GetProperty("total_change_percent").GetDouble().ShouldBe(50);
        first.GetProperty("base").GetProperty("total_ms").GetDouble().ShouldBe(40);
        first.GetProperty("head").GetProperty("calls").GetInt64().ShouldBe(1);
    }

    [Test]
    public void Compare_sorts_by_the_change_in_self_time()
    {
        using var a = TraceFile.Open(Program(40).Build());
        using var b = TraceFile.Open(Program(60).Build());

        var diff = TraceDiff.Compare(CallTree.Build(a), CallTree.Build(b));

        diff.Functions[0].Name.ShouldBe("App.Data.Db.Connect");
        diff.Functions[0].SelfChangeNanos.ShouldBe(20 * Ms);
        diff.SlowerThan(10).Select(f => f.Name).ShouldBe(new[] { "App.Data.Db.Connect" });
    }

    /// <summary>
    /// Main → Server.Start → (Router.Init → 100 × Router.Add, Db.Connect). Everything else takes the same time;
    /// Db.Connect takes <paramref name="dbConnectMs"/>, each Router.Add <paramref name="routerAddNs"/>.
    /// </summary>
    [Test]
    public void Traces_of_unrelated_programs_get_a_note()
    {
        var other = new TraceFileBuilder()
            .Process("tool", "tool --once")
            .Module("Tool", 1, ("Tool", "Cli.Main"), ("Tool", "Cli.Parse"), ("Tool", "Cli.Run"));
        other.Thread(0, 1, "Main").Enter(1, 0).Call(2, Ms, 2 * Ms).Call(3, 2 * Ms, 50 * Ms).Exit(1, 60 * Ms);

        var result = RunCommand("diff", Save(Program(40), "app.bin"), Save(other, "tool.bin"));

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.StderrLines.ShouldHaveSingleItem().ShouldBe(
            "gotrace-report: note: base and head have no function in common (5 in base, 3 in head): they look like traces of different programs");
        RunCommand("diff", Save(Program(40), "a.bin"), Save(Program(60), "b.bin")).Stderr.ShouldBeEmpty();
    }

    private static TraceFileBuilder Program(long dbConnectMs, long routerAddNs = 20)
    {
        var builder = NewTrace();
        var thread = builder.Thread(0, 1, "Main").Enter(ProgramMain, 0).Enter(ServerStart, 10 * Ms).Enter(RouterInit, 10 * Ms);
        var at = 10 * Ms;
        for (var i = 0; i < 100; i++)
        {
            thread.Call(RouterAdd, at, at + routerAddNs);
            at += routerAddNs + 10;
        }

        thread.Exit(RouterInit, 100 * Ms).Call(DbConnect, 100 * Ms, (100 + dbConnectMs) * Ms).Exit(ServerStart, (250 + dbConnectMs) * Ms).Exit(ProgramMain, (260 + dbConnectMs) * Ms);
        builder.EndAt = (260 + dbConnectMs) * Ms;
        return builder;
    }
}
