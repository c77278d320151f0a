using System.IO;
using System.Linq;
using System.Text.Json;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;

namespace Tests.Reporter;

public class RendererTests : ReporterTestBase
{
    private const long Ms = 1_000_000;

    [Test]
    public void Tree_shows_names_durations_percentages_and_call_counts()
    {
        var output = Render(ServerTrace(), (t, w) => TreeRenderer.Render(t, w));

        output.ShouldBe(
            """
            TOTAL: 2.31s, 2,428 events
            Server.Start        1.92s  83.1%
            ├── Router.Init     1.12s  48.5%  ×12
            │   └── Router.Add   36µs   0.0%  ×1200
            └── Db.Connect      412ms  17.8%

            """);
    }

    [Test]
    public void Tree_with_full_names_shows_namespaces()
    {
        var output = Render(ServerTrace(), (t, w) => TreeRenderer.Render(t, w, fullNames: true));

        output.Split('\n')[1].ShouldBe("App.Server.Start         1.92s  83.1%");
        output.Split('\n')[4].ShouldBe("└── App.Data.Db.Connect  412ms  17.8%");
    }

    [Test]
    public void Tree_lists_roots_of_several_threads_at_the_left_edge()
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Enter(ProgramMain, 0).Call(DbConnect, 0, 5 * Ms).Exit(ProgramMain, 10 * Ms);
        builder.Thread(1, 7).Call(ServerStart, 0, 40 * Ms);
        builder.EndAt = 50 * Ms;

        var output = Render(builder, (t, w) => TreeRenderer.Render(t, w));

        output.ShouldBe(
            """
            TOTAL: 50ms, 6 events
            Server.Start    40ms  80.0%
            Program.Main    10ms  20.0%
            └── Db.Connect   5ms  10.0%

            """);
    }

    [Test]
    public void Tree_marks_unfinished_calls()
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Enter(ProgramMain, 0).Call(DbConnect, 0, 5 * Ms);
        builder.EndAt = 10 * Ms;

        var output = Render(builder, (t, w) => TreeRenderer.Render(t, w));

        output.Split('\n')[1].ShouldBe("Program.Main    10ms  100.0%  (unfinished)");
        output.Split('\n')[2].ShouldBe("└── Db.Connect   5ms   50.0%");
    }

    [Test]
    public void Tree_of_an_empty_trace_is_just_the_total()
    {
        Render(NewTrace(), (t, w) => TreeRenderer.Render(t, w)).ShouldBe("TOTAL: 0ns, 0 events\n");
    }

    [Test]
    public void Percent_has_one_decimal()
    {
        TreeRenderer.FormatPercent(1, 3).ShouldBe("33.3%");
        TreeRenderer.FormatPercent(2, 3).ShouldBe("66.7%");
        TreeRenderer.FormatPercent(0, 3).ShouldBe("0.0%");
        TreeRenderer.FormatPercent(5, 0).ShouldBe("0.0%");
    }

    [Test]
    public void Folded_has_one_line_per_path_weighted_by_self_microseconds()
    {
        var output = Render(ServerTrace(), (t, w) => FoldedRenderer.Render(t, w));

        output.ShouldBe(
            """
            App.Server.Start 388000
            App.Server.Start;App.Router.Init 1119964
            App.Server.Start;App.Router.Init;App.Router.Add 36
            App.Server.Start;App.Data.Db.Connect 412000

            """);
    }

    [Test]
    public void Folded_leaves_out_paths_under_one_microsecond_and_cleans_names()
    {
        var builder = new TraceFileBuilder().ModuleTable("X", 1, 2, "N\tA;B.Run\t\t0\nN\tTiny.Run\t\t0");
        builder.Thread(0, 1).Enter(1, 0).Call(2, 1000, 1400).Exit(1, 3000);

        var output = Render(builder, (t, w) => FoldedRenderer.Render(t, w));

        output.ShouldBe("N.A,B.Run 3\n");
    }

    [Test]
    public void Json_is_an_array_of_roots_with_nested_children()
    {
        var output = Render(ServerTrace(), (t, w) => JsonRenderer.Render(t, w));

        using var json = JsonDocument.Parse(output);
        var roots = json.RootElement;
        roots.ValueKind.ShouldBe(JsonValueKind.Array);
        var start = roots.EnumerateArray().Single();
        start.GetProperty("name").GetString().ShouldBe("App.Server.Start");
        start.GetProperty("duration_ms").GetDouble().ShouldBe(1920.0);
        start.GetProperty("calls").GetInt64().ShouldBe(1);
        start.GetProperty("self_ms").GetDouble().ShouldBe(388.0);
        var children = start.GetProperty("children").EnumerateArray().ToList();
        children.Select(c => c.GetProperty("name").GetString()).ShouldBe(new[] { "App.Router.Init", "App.Data.Db.Connect" });
        children[0].GetProperty("calls").GetInt64().ShouldBe(12);
        var add = children[0].GetProperty("children").EnumerateArray().Single();
        add.GetProperty("name").GetString().ShouldBe("App.Router.Add");
        add.GetProperty("duration_ms").GetDouble().ShouldBe(0.036);
        add.GetProperty("calls").GetInt64().ShouldBe(1200);
        add.GetProperty("children").GetArrayLength().ShouldBe(0);
        add.TryGetProperty("unfinished", out _).ShouldBeFalse();
    }

    [Test]
    public void Json_keeps_generic_names_readable_and_marks_unfinished_calls()
    {
        var builder = new TraceFileBuilder().ModuleTable("X", 1, 1, "App\tRepo<T>.Get\t\t0");
        builder.Thread(0, 1).Enter(1, 0);
        builder.EndAt = 1000;

        var output = Render(builder, (t, w) => JsonRenderer.Render(t, w));

        output.ShouldContain("\"App.Repo<T>.Get\"");
        using var json = JsonDocument.Parse(output);
        json.RootElement[0].GetProperty("unfinished").GetBoolean().ShouldBeTrue();
    }

    [Test]
    public void Json_of_an_empty_trace_is_an_empty_array()
    {
        var output = Render(NewTrace(), (t, w) => JsonRenderer.Render(t, w));

        JsonDocument.Parse(output).RootElement.GetArrayLength().ShouldBe(0);
    }

    /// <summary>The example from the design: 2.31 s in all, Server.Start 1.92 s with 12 Router.Init and 1200 Router.Add.</summary>
    internal static TraceFileBuilder ServerTrace()
    {
        var builder = NewTrace();
        var thread = builder.Thread(0, 1, "Main").Enter(ServerStart, 0);
        var at = 1000L;
        for (var init = 0; init < 12; init++)
        {
            var length = init == 0 ? 130 * Ms : 90 * Ms;
            thread.Enter(RouterInit, at);
            for (var add = 0; add < 100; add++)
            {
                thread.Call(RouterAdd, at + (add * 100), at + (add * 100) + 30);
            }

            thread.Exit(RouterInit, at + length);
            at += length;
        }

        thread.Call(DbConnect, 1200 * Ms, 1612 * Ms).Exit(ServerStart, 1920 * Ms);
        builder.EndAt = 2310 * Ms;
        return builder;
    }

    private string Render(TraceFileBuilder builder, System.Action<CallTree, TextWriter> render)
    {
        var writer = new StringWriter { NewLine = "\n" };
        render(BuildTree(builder), writer);
        return writer.ToString();
    }
}
