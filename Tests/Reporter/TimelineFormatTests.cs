using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;

namespace Tests.Reporter;

/// <summary>--chrome, --speedscope and --html: valid, complete, balanced.</summary>
public class TimelineFormatTests : ReporterTestBase
{
    private const long Ms = 1_000_000;

    [Test]
    public void Chrome_has_one_complete_event_per_call_and_names_the_process_and_threads()
    {
        var result = RunCommand(Save(ViewTests.TwoThreads()), "--chrome");

        result.ExitCode.ShouldBe(0);
        using var json = JsonDocument.Parse(result.Stdout);
        var events = json.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
        var metadata = events.Where(e => e.GetProperty("ph").GetString() == "M").ToList();
        metadata.Single(e => e.GetProperty("name").GetString() == "process_name").GetProperty("args").GetProperty("name").GetString().ShouldBe("app (pid 4242)");
        metadata.Where(e => e.GetProperty("name").GetString() == "thread_name").Select(e => e.GetProperty("args").GetProperty("name").GetString())
            .ShouldBe(new[] { "Main (thread 1)", "worker (thread 7)" });
        var calls = events.Where(e => e.GetProperty("ph").GetString() == "X").OrderBy(e => e.GetProperty("tid").GetInt32()).ToList();
        calls.Select(e => (e.GetProperty("name").GetString()!, e.GetProperty("ts").GetDouble(), e.GetProperty("dur").GetDouble(), e.GetProperty("pid").GetInt32(), e.GetProperty("tid").GetInt32()))
            .ShouldBe(new[] { ("Server.Start", 0.0, 10000.0, 1, 1), ("Db.Connect", 0.0, 5000.0, 1, 2) });
    }

    [Test]
    public void Chrome_times_are_microseconds_with_nanosecond_precision()
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Enter(ServerStart, 1_234_567).Call(DbConnect, 1_234_600, 1_235_601).Exit(ServerStart, 2_000_000);

        var result = RunCommand(Save(builder), "--chrome");

        result.Stdout.ShouldContain("{\"ph\":\"X\",\"name\":\"Db.Connect\",\"pid\":1,\"tid\":1,\"ts\":1234.6,\"dur\":1.001}");
        result.Stdout.ShouldContain("{\"ph\":\"X\",\"name\":\"Server.Start\",\"pid\":1,\"tid\":1,\"ts\":1234.567,\"dur\":765.433}");
    }

    [Test]
    public void Chrome_closes_unfinished_calls_at_the_end_and_honours_depth_and_min_duration()
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Enter(ProgramMain, 0).Call(DbConnect, 10, 20).Call(RouterAdd, 30, 5000);
        builder.EndAt = 10_000;
        var trace = Save(builder);

        var all = ChromeCalls(RunCommand(trace, "--chrome").Stdout);
        all.ShouldBe(new[] { ("Db.Connect", 0.01, 0.01), ("Router.Add", 0.03, 4.97), ("Program.Main", 0.0, 10.0) }, ignoreOrder: true);
        ChromeCalls(RunCommand(trace, "--chrome", "--depth", "1").Stdout).Select(c => c.Name).ShouldBe(new[] { "Program.Main" });
        ChromeCalls(RunCommand(trace, "--chrome", "--min-duration", "1us").Stdout).Select(c => c.Name).ShouldBe(new[] { "Router.Add", "Program.Main" }, ignoreOrder: true);
        ChromeCalls(RunCommand(trace, "--chrome", "--full-names").Stdout).Select(c => c.Name).ShouldContain("App.Data.Db.Connect");
    }

    [Test]
    public void Chrome_of_many_threads_in_parallel_is_valid_json_with_every_call()
    {
        var builder = NewTrace();
        var expected = 0;
        for (var t = 0; t < 6; t++)
        {
            var thread = builder.Thread(t, 100 + t, "t" + t);
            for (var i = 0; i < 3000; i++)
            {
                thread.Enter(ProgramMain, i * 100).Call(RouterAdd, (i * 100) + 10, (i * 100) + 50).Exit(ProgramMain, (i * 100) + 90);
                expected += 2;
            }
        }

        using var file = TraceFile.Open(builder.Build());
        var output = new MemoryStream();
        ChromeRenderer.Render(file, output);

        using var json = JsonDocument.Parse(output.ToArray());
        json.RootElement.GetProperty("traceEvents").EnumerateArray().Count(e => e.GetProperty("ph").GetString() == "X").ShouldBe(expected);
    }

    [Test]
    public void Speedscope_has_a_balanced_evented_profile_per_thread()
    {
        var builder = NewTrace();
        builder.Thread(0, 1, "Main").Enter(ProgramMain, 0).Enter(ServerStart, 10).Call(DbConnect, 20, 30).Exit(ServerStart, 40)
            .Enter(RouterInit, 50).Call(RouterAdd, 60, 70); // two calls left open
        builder.Thread(1, 2, "worker").Enter(DbConnect, 5).Exit(DbConnect, 15).Exit(RouterAdd, 16); // an exit matching nothing
        builder.EndAt = 100;

        var result = RunCommand(Save(builder), "--speedscope");

        result.ExitCode.ShouldBe(0);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        root.GetProperty("$schema").GetString().ShouldBe("https://www.speedscope.app/file-format-schema.json");
        var frames = root.GetProperty("shared").GetProperty("frames").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        var profiles = root.GetProperty("profiles").EnumerateArray().ToList();
        profiles.Select(p => p.GetProperty("name").GetString()).ShouldBe(new[] { "Main (thread 1)", "worker (thread 2)" });
        foreach (var profile in profiles)
        {
            profile.GetProperty("type").GetString().ShouldBe("evented");
            profile.GetProperty("unit").GetString().ShouldBe("nanoseconds");
            var stack = new Stack<int>();
            var last = profile.GetProperty("startValue").GetInt64();
            foreach (var e in profile.GetProperty("events").EnumerateArray())
            {
                var at = e.GetProperty("at").GetInt64();
                at.ShouldBeGreaterThanOrEqualTo(last);
                last = at;
                var frame = e.GetProperty("frame").GetInt32();
                if (e.GetProperty("type").GetString() == "O")
                {
                    stack.Push(frame);
                }
                else
                {
                    stack.Pop().ShouldBe(frame);
                }
            }

            stack.ShouldBeEmpty();
            profile.GetProperty("endValue").GetInt64().ShouldBeGreaterThanOrEqualTo(last);
        }

        var main = profiles[0].GetProperty("events").EnumerateArray().Select(e => (e.GetProperty("type").GetString()!, frames[e.GetProperty("frame").GetInt32()]!, e.GetProperty("at").GetInt64())).ToList();
        main.ShouldBe(new[]
        {
            ("O", "App.Program.Main", 0L), ("O", "App.Server.Start", 10L), ("O", "App.Data.Db.Connect", 20L), ("C", "App.Data.Db.Connect", 30L),
            ("C", "App.Server.Start", 40L), ("O", "App.Router.Init", 50L), ("O", "App.Router.Add", 60L), ("C", "App.Router.Add", 70L),
            ("C", "App.Router.Init", 100L), ("C", "App.Program.Main", 100L),
        });
        result.StderrLines.ShouldContain("gotrace-report: note: 2 calls had not returned when the trace ended; they count until the end");
        result.StderrLines.ShouldContain("gotrace-report: note: 1 exit matches no open call and was ignored");
    }

    [Test]
    public void Html_is_one_offline_file_with_the_data_the_page_needs()
    {
        var path = Path.Combine(Directory, "report.html");
        var result = RunCommand(Save(ViewTests.TwoThreads()), "--html", "-o", path);

        result.ExitCode.ShouldBe(0);
        var html = File.ReadAllText(path);
        html.ShouldStartWith("<!DOCTYPE html>");
        html.ShouldNotContain("http://");
        html.ShouldNotContain("https://");
        html.ShouldNotContain("<script src");
        html.ShouldNotContain("<link");
        var start = html.IndexOf("id=\"gotrace-data\">", System.StringComparison.Ordinal) + "id=\"gotrace-data\">".Length;
        var data = html.Substring(start, html.IndexOf("</script>", start, System.StringComparison.Ordinal) - start);
        using var json = JsonDocument.Parse(data);
        var names = json.RootElement.GetProperty("names").EnumerateArray().Select(n => n.GetString()).ToList();
        json.RootElement.GetProperty("nodes").EnumerateArray().Select(n => names[n[0].GetInt32()]).ShouldBe(new[] { "Server.Start", "Db.Connect" });
        json.RootElement.GetProperty("top").GetArrayLength().ShouldBe(2);
        json.RootElement.GetProperty("facts").EnumerateArray().Select(f => f[0].GetString()).ShouldContain("Events");
    }

    [Test]
    public void Html_escapes_names_that_would_end_the_script()
    {
        var builder = new TraceFileBuilder().ModuleTable("X", 1, 1, "N\tEvil</script><b>.Run\t\t0");
        builder.Thread(0, 1).Call(1, 0, 100);
        var path = Path.Combine(Directory, "evil.html");

        RunCommand(Save(builder), "--html", "-o", path).ExitCode.ShouldBe(0);

        var html = File.ReadAllText(path);
        html.ShouldNotContain("Evil</script>");
        html.ShouldContain("Evil\\u003C/script\\u003E");
    }

    private static List<(string Name, double Ts, double Dur)> ChromeCalls(string output)
    {
        using var json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("traceEvents").EnumerateArray().Where(e => e.GetProperty("ph").GetString() == "X")
            .Select(e => (e.GetProperty("name").GetString()!, e.GetProperty("ts").GetDouble(), e.GetProperty("dur").GetDouble())).ToList();
    }
}
