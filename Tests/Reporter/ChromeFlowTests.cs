using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;

namespace Tests.Reporter;

/// <summary>
/// --chrome links work to where it started: a flow (<c>s</c> on the starting slice, <c>f</c> on the first slice of
/// the run) per run of spawned work and per run of an async call after an await, and an async span
/// (<c>b</c>/<c>e</c>) per async call that did not complete in its first run.
/// </summary>
public class ChromeFlowTests : ReporterTestBase
{
    private const long Spawned = 7;
    private const long AsyncWork = 9;

    [Test]
    public void Each_run_of_spawned_work_gets_a_flow_from_the_slice_that_spawned_it()
    {
        var events = Chrome(SpawnTrace());

        var flows = ShouldPairUp(events);
        flows.Select(f => (f.Start.Name, f.Start.Tid, f.Start.Ts, events.Bound(f.Start)!.Name, f.Finish.Tid, f.Finish.Ts, events.Bound(f.Finish)!.Name))
            .ShouldBe(new[]
            {
                ("spawn", 1, 0.1, "Server.Start", 2, 0.26, "Router.Add"),
                ("spawn", 1, 0.1, "Server.Start", 2, 1.01, "Router.Add"),
            });
        flows.Select(f => f.Start.Id).ShouldBe(new long?[] { 1, 2 });
        events.Events.Where(e => e.Ph is "s" or "f").ShouldAllBe(e => e.Cat == "work");
    }

    [Test]
    public void An_async_call_that_went_elsewhere_links_the_caller_to_each_later_run_and_spans_until_it_completes()
    {
        var events = Chrome(AsyncTrace());

        // The first run is the caller's child on the same thread already: no flow for it.
        var flows = ShouldPairUp(events);
        flows.Select(f => (f.Start.Name, f.Start.Tid, events.Bound(f.Start)!.Name, f.Finish.Tid, f.Finish.Ts, events.Bound(f.Finish)!.Name))
            .ShouldBe(new[] { ("await", 1, "Server.Start", 2, 0.301, "Router.Init") });

        var spans = events.Events.Where(e => e.Ph is "b" or "e").ToList();
        spans.Select(e => (e.Ph, e.Cat, e.Name, e.Id, e.Tid, e.Ts)).ShouldBe(new (string, string?, string, long?, int, double)[]
        {
            ("b", "async", "Router.Init", 1, 1, 0.12),
            ("e", "async", "Router.Init", 1, 2, 0.345),
        });
    }

    [Test]
    public void An_async_call_that_completes_in_its_first_run_links_nothing()
    {
        var builder = NewTrace();
        builder.Thread(0, 1, "main").Enter(ProgramMain, 0).Enter(ServerStart, 100)
            .WorkEvent(WorkWhat.AsyncCall, AsyncWork, 120, RouterInit)
            .WorkEvent(WorkWhat.Begin, AsyncWork, 121).Enter(RouterInit, 122)
            .WorkEvent(WorkWhat.AsyncCall, AsyncWork + 1, 123, DbConnect) // nested, suspends
            .WorkEvent(WorkWhat.Begin, AsyncWork + 1, 124).Call(DbConnect, 125, 126).WorkEvent(WorkWhat.End, AsyncWork + 1, 127)
            .WorkEvent(WorkWhat.AsyncComplete, AsyncWork, 128).Exit(RouterInit, 130).WorkEvent(WorkWhat.End, AsyncWork, 131)
            .Exit(ServerStart, 200).Exit(ProgramMain, 1000);
        builder.Thread(1, 2, "worker")
            .WorkEvent(WorkWhat.Begin, AsyncWork + 1, 300).Enter(DbConnect, 301).WorkEvent(WorkWhat.AsyncComplete, AsyncWork + 1, 302)
            .Exit(DbConnect, 303).WorkEvent(WorkWhat.End, AsyncWork + 1, 304);

        var events = Chrome(builder);

        ShouldPairUp(events).Select(f => (events.Bound(f.Start)!.Name, events.Bound(f.Finish)!.Name)).ShouldBe(new[] { ("Router.Init", "Db.Connect") });
        events.Events.Where(e => e.Ph is "b" or "e").Select(e => e.Name).Distinct().ShouldBe(new[] { "Db.Connect" });
    }

    [Test]
    public void Spawns_and_async_calls_of_one_thread_each_get_their_flows()
    {
        var events = Chrome(WorkTrace());

        ShouldPairUp(events).Select(f => (f.Start.Name, events.Bound(f.Start)!.Name, f.Finish.Tid, events.Bound(f.Finish)!.Name))
            .ShouldBe(new[] { ("spawn", "Server.Start", 2, "Router.Add"), ("await", "Server.Start", 2, "Router.Init") });
        events.Events.Count(e => e.Ph is "b" or "e").ShouldBe(2);
    }

    [Test]
    public void A_start_whose_slice_is_left_out_binds_to_the_enclosing_slice_and_a_run_left_out_gets_no_flow()
    {
        var trace = Save(SpawnTrace());

        // Server.Start (200 ns) and the second run (10 ns) are under the limit; Main (1 µs) and the first run (640 ns) are not.
        var filtered = new ChromeOutput(RunCommand(trace, "--chrome", "--min-duration", "500ns").Stdout);
        var flow = ShouldPairUp(filtered).Single();
        filtered.Bound(flow.Start)!.Name.ShouldBe("Program.Main");
        (flow.Finish.Tid, flow.Finish.Ts).ShouldBe((2, 0.26));

        // --depth 1 keeps Main on the main thread and the runs' first calls on the worker.
        var shallow = new ChromeOutput(RunCommand(trace, "--chrome", "--depth", "1").Stdout);
        ShouldPairUp(shallow).Select(f => (shallow.Bound(f.Start)!.Name, shallow.Bound(f.Finish)!.Name))
            .ShouldBe(new[] { ("Program.Main", "Router.Add"), ("Program.Main", "Router.Add") });

        // The async span needs the async method's level.
        new ChromeOutput(RunCommand(Save(AsyncTrace(), "async.bin"), "--chrome", "--depth", "2").Stdout).Events.ShouldNotContain(e => e.Ph == "b");
    }

    [Test]
    public void Work_started_outside_any_call_or_on_a_thread_left_out_gets_no_flow()
    {
        var builder = NewTrace();
        builder.Thread(0, 1, "main").WorkEvent(WorkWhat.Spawn, Spawned, 10).Call(ProgramMain, 20, 100);
        builder.Thread(1, 2, "worker").WorkEvent(WorkWhat.Begin, Spawned, 30).Call(RouterAdd, 40, 50).WorkEvent(WorkWhat.End, Spawned, 60);
        new ChromeOutput(RunCommand(Save(builder), "--chrome").Stdout).Events.ShouldNotContain(e => e.Ph == "s" || e.Ph == "f");

        var trace = Save(SpawnTrace(), "spawn.bin");
        new ChromeOutput(RunCommand(trace, "--chrome", "--thread", "#1").Stdout).Events.ShouldNotContain(e => e.Ph == "s" || e.Ph == "f");
    }

    [Test]
    public void Flows_of_threads_formatted_in_parallel_pair_up_with_unique_ids_in_a_stable_order()
    {
        // Enough 64 KiB chunks to take the parallel path; every unit is two words, so work events never straddle chunks.
        const int works = 60_000;
        var builder = NewTrace();
        builder.ChunkSize = 64 * 1024;
        var main = builder.Thread(0, 1, "main").Enter(ProgramMain, 0).Enter(ServerStart, 10);
        var workers = Enumerable.Range(1, 3).Select(i => builder.Thread(i, 10 + i, "worker " + i)).ToList();
        for (var w = 0; w < works; w++)
        {
            long at = 100 + (w * 100L);
            main.WorkEvent(WorkWhat.Spawn, 1000 + w, at).Call(DbConnect, at + 10, at + 20);
            workers[w % 3].WorkEvent(WorkWhat.Begin, 1000 + w, at + 30).Call(RouterAdd, at + 40, at + 50).WorkEvent(WorkWhat.End, 1000 + w, at + 60);
        }

        main.Exit(ServerStart, 100 + (works * 100L)).Exit(ProgramMain, 200 + (works * 100L));
        var bytes = builder.Build();
        bytes.Length.ShouldBeGreaterThan(4 << 20, "the reporter formats threads in parallel past 4 MiB of chunks");
        using var file = TraceFile.Open(bytes);

        var first = RenderFlows(file, out var events);
        RenderFlows(file, out _).ShouldBe(first);

        var flows = ShouldPairUp(events);
        flows.Count.ShouldBe(works);
        flows.Select(f => f.Start.Id).ShouldBe(Enumerable.Range(1, works).Select(i => (long?)i));
        flows.ShouldAllBe(f => f.Start.Tid == 1 && f.Start.Ts == 0.01 && f.Finish.Tid >= 2);
        flows.Select(f => events.Bound(f.Finish)!.Name).Distinct().ShouldBe(new[] { "Router.Add" });
        events.Events.Count(e => e.Ph == "X").ShouldBe(2 + (2 * works));
    }

    [Test]
    public void Call_events_have_no_line_breaks_and_only_the_fields_the_viewers_need()
    {
        var output = RunCommand(Save(SpawnTrace()), "--chrome").Stdout;

        output.ShouldContain("\"tid\":2,\"ts\":0.26,\"dur\":0.64},{\"ph\":\"X\",\"name\":\"Router.Add\",\"pid\":1,\"tid\":2,\"ts\":1.01,\"dur\":0.01}");
        output.ShouldContain(",\n{\"ph\":\"s\",\"cat\":\"work\",\"name\":\"spawn\",\"id\":1,\"pid\":1,\"tid\":1,\"ts\":0.1}");
        output.ShouldContain(",\n{\"ph\":\"f\",\"bp\":\"e\",\"cat\":\"work\",\"name\":\"spawn\",\"id\":1,\"pid\":1,\"tid\":2,\"ts\":0.26}");
    }

    /// <summary>
    /// Main: Program.Main [0, 1000] → Server.Start [100, 300] → Db.Connect [110, 150], then spawns work 7 at 200 (after
    /// Db.Connect returned). Worker: two runs of work 7, Router.Add [260, 900] and [1010, 1020].
    /// </summary>
    internal static TraceFileBuilder SpawnTrace()
    {
        var builder = NewTrace();
        builder.Thread(0, 1, "main").Enter(ProgramMain, 0).Enter(ServerStart, 100).Call(DbConnect, 110, 150)
            .WorkEvent(WorkWhat.Spawn, Spawned, 200).Exit(ServerStart, 300).Exit(ProgramMain, 1000);
        builder.Thread(1, 2, "worker")
            .WorkEvent(WorkWhat.Begin, Spawned, 250).Call(RouterAdd, 260, 900).WorkEvent(WorkWhat.End, Spawned, 910)
            .WorkEvent(WorkWhat.Begin, Spawned, 1000).Call(RouterAdd, 1010, 1020).WorkEvent(WorkWhat.End, Spawned, 1030);
        return builder;
    }

    /// <summary>
    /// Main: Server.Start [100, 200] calls async Router.Init at 120; its first run [122, 130] stays on main, its second
    /// [301, 350] runs on the worker and completes at 345.
    /// </summary>
    internal static TraceFileBuilder AsyncTrace()
    {
        var builder = NewTrace();
        builder.Thread(0, 1, "main").Enter(ProgramMain, 0).Enter(ServerStart, 100)
            .WorkEvent(WorkWhat.AsyncCall, AsyncWork, 120, RouterInit)
            .WorkEvent(WorkWhat.Begin, AsyncWork, 121).Call(RouterInit, 122, 130).WorkEvent(WorkWhat.End, AsyncWork, 131)
            .Exit(ServerStart, 200).Exit(ProgramMain, 1000);
        builder.Thread(1, 2, "worker")
            .WorkEvent(WorkWhat.Begin, AsyncWork, 300).Enter(RouterInit, 301).WorkEvent(WorkWhat.AsyncComplete, AsyncWork, 345)
            .Exit(RouterInit, 350).WorkEvent(WorkWhat.End, AsyncWork, 360);
        return builder;
    }

    /// <summary>Both traces above in one: a spawn and an async call from Server.Start, run on the worker.</summary>
    internal static TraceFileBuilder WorkTrace()
    {
        var builder = NewTrace();
        builder.Thread(0, 1, "main").Enter(ProgramMain, 0).Enter(ServerStart, 100).Call(DbConnect, 110, 150)
            .WorkEvent(WorkWhat.Spawn, Spawned, 200)
            .WorkEvent(WorkWhat.AsyncCall, AsyncWork, 210, RouterInit)
            .WorkEvent(WorkWhat.Begin, AsyncWork, 211).Call(RouterInit, 212, 220).WorkEvent(WorkWhat.End, AsyncWork, 221)
            .Exit(ServerStart, 300).Exit(ProgramMain, 1000);
        builder.Thread(1, 2, "worker")
            .WorkEvent(WorkWhat.Begin, Spawned, 250).Call(RouterAdd, 260, 900).WorkEvent(WorkWhat.End, Spawned, 910)
            .WorkEvent(WorkWhat.Begin, AsyncWork, 920).Enter(RouterInit, 930).WorkEvent(WorkWhat.AsyncComplete, AsyncWork, 940)
            .Exit(RouterInit, 950).WorkEvent(WorkWhat.End, AsyncWork, 960);
        return builder;
    }

    /// <summary>A flow: its start and its finish.</summary>
    internal sealed record Flow(ChromeEvent Start, ChromeEvent Finish);

    /// <summary>One event of the Chrome JSON, with the fields the flow checks read.</summary>
    internal sealed record ChromeEvent(string Ph, string Name, string? Cat, long? Id, int Tid, double Ts, double Dur, string? Bp);

    /// <summary>
    /// Every <c>f</c> has exactly one <c>s</c> with the same id, name and category, no later than it; each end sits at
    /// the start of a slice on its thread (the slice it binds to); the finish binds to its enclosing slice.
    /// </summary>
    internal static List<Flow> ShouldPairUp(ChromeOutput output)
    {
        var starts = output.Events.Where(e => e.Ph == "s").ToList();
        var finishes = output.Events.Where(e => e.Ph == "f").ToList();
        starts.Select(s => s.Id).Distinct().Count().ShouldBe(starts.Count, "flow ids are unique");
        finishes.Count.ShouldBe(starts.Count);
        var byId = starts.ToDictionary(s => s.Id!.Value);
        var flows = new List<Flow>();
        foreach (var finish in finishes)
        {
            byId.Remove(finish.Id!.Value, out var start).ShouldBeTrue($"flow {finish.Id} ends without a start");
            (start!.Name, start.Cat).ShouldBe((finish.Name, finish.Cat));
            start.Ts.ShouldBeLessThanOrEqualTo(finish.Ts);
            finish.Bp.ShouldBe("e");
            output.Bound(start).ShouldNotBeNull($"flow {start.Id} starts outside any slice");
            output.Bound(finish).ShouldNotBeNull($"flow {finish.Id} ends outside any slice");
            flows.Add(new Flow(start, finish));
        }

        return flows;
    }

    /// <summary>The events of a --chrome output, and the slices flow events bind to.</summary>
    internal sealed class ChromeOutput
    {
        private readonly Dictionary<(int Tid, double Ts), ChromeEvent> _slices = new();

        public ChromeOutput(string json)
        {
            using var document = JsonDocument.Parse(json);
            Events = document.RootElement.GetProperty("traceEvents").EnumerateArray().Select(e => new ChromeEvent(
                e.GetProperty("ph").GetString()!,
                e.TryGetProperty("name", out var name) ? name.GetString()! : string.Empty,
                e.TryGetProperty("cat", out var cat) ? cat.GetString() : null,
                e.TryGetProperty("id", out var id) ? id.GetInt64() : null,
                e.TryGetProperty("tid", out var tid) ? tid.GetInt32() : 0,
                e.TryGetProperty("ts", out var ts) ? ts.GetDouble() : 0,
                e.TryGetProperty("dur", out var dur) ? dur.GetDouble() : 0,
                e.TryGetProperty("bp", out var bp) ? bp.GetString() : null)).ToList();
            foreach (var slice in Events.Where(e => e.Ph == "X"))
            {
                // The innermost of slices starting together is the one a flow event at that time binds to.
                if (!_slices.TryGetValue((slice.Tid, slice.Ts), out var known) || slice.Dur < known.Dur)
                {
                    _slices[(slice.Tid, slice.Ts)] = slice;
                }
            }
        }

        public List<ChromeEvent> Events { get; }

        /// <summary>The slice a flow event binds to: the innermost X on its thread that starts at its time.</summary>
        public ChromeEvent? Bound(ChromeEvent flowEvent) => _slices.GetValueOrDefault((flowEvent.Tid, flowEvent.Ts));

        public bool ShouldNotContainPhase(params string[] phases) => Events.Any(e => phases.Contains(e.Ph));
    }

    private ChromeOutput Chrome(TraceFileBuilder builder)
    {
        var result = RunCommand(Save(builder), "--chrome");
        result.ExitCode.ShouldBe(0, result.Stderr);
        return new ChromeOutput(result.Stdout);
    }

    /// <summary>Renders <paramref name="file"/>; returns the flow and async events as written (after the calls).</summary>
    private static string RenderFlows(TraceFile file, out ChromeOutput events)
    {
        var output = new MemoryStream();
        ChromeRenderer.Render(file, output);
        var json = Encoding.UTF8.GetString(output.ToArray());
        events = new ChromeOutput(json);
        return json.Substring(json.IndexOf("{\"ph\":\"s\"", System.StringComparison.Ordinal));
    }
}
