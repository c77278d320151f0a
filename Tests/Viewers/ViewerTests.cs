using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Reporter;
using Tests.Support;

namespace Tests.Viewers;

/// <summary>
/// The real viewers accept the reporter's outputs: the <c>--speedscope</c>, <c>--folded</c> and <c>--chrome</c>
/// outputs of a sample trace, and <c>--chrome</c> with flows and async spans, load into speedscope (its npm
/// package's built app) in headless Chromium and show the expected frames, and the <c>--html</c> report draws,
/// zooms into a clicked frame, searches and works offline.
/// Needs node, Debian's chromium and <c>npm ci</c> in tools/viewer-tests: <c>.ci/install-viewer-deps.sh</c>.
/// </summary>
[NonParallelizable]
public class ViewerTests : ReporterTestBase
{
    [Test]
    public void Speedscope_and_the_html_report_open_the_outputs()
    {
        var node = FindOnPath("node");
        if (node == null)
        {
            Assert.Ignore("node is not installed (run .ci/install-viewer-deps.sh)");
        }

        var tool = RepoPaths.InRepo("tools", "viewer-tests");
        System.IO.Directory.Exists(Path.Combine(tool, "node_modules", "speedscope", "dist", "release"))
            .ShouldBeTrue("tools/viewer-tests has no node_modules: run .ci/install-viewer-deps.sh");
        File.Exists("/usr/bin/chromium").ShouldBeTrue("chromium is not installed: run .ci/install-viewer-deps.sh");

        var trace = Save(SampleTrace());
        var workTrace = Save(ChromeFlowTests.WorkTrace(), "work.bin");
        string Output(string name, params string[] flags) => OutputOf(trace, name, flags);
        string OutputOf(string input, string name, params string[] flags)
        {
            var path = Path.Combine(Directory, name);
            var result = RunCommand(new[] { input, "-o", path }.Concat(flags).ToArray());
            result.ExitCode.ShouldBe(0, result.Stderr);
            return path;
        }

        var config = new
        {
            speedscope = new[]
            {
                // speedscope shows the first profile (the main thread) and counts the others: "(1/2)".
                new { file = Output("sample.speedscope.json", "--speedscope"), label = "--speedscope", profiles = 2, expect = new[] { "App.Server.Start", "App.Router.Init", "App.Router.Add", "App.Data.Db.Connect" } },
                new { file = Output("sample.folded", "--folded"), label = "--folded", profiles = 1, expect = new[] { "App.Router.Init", "App.Router.Add", "App.Data.Db.Connect", "App.Jobs.Queue.Handle", "App.Jobs.Json.Parse" } },
                // Not "*.chrome.json": speedscope takes that name for Chrome's CPU-profile format.
                new { file = Output("sample.trace.json", "--chrome"), label = "--chrome", profiles = 2, expect = new[] { "Server.Start", "Router.Init", "Router.Add", "Db.Connect" } },

                // Flows (s/f) and async spans (b/e) next to the calls; the main thread is shown.
                new { file = OutputOf(workTrace, "work.trace.json", "--chrome"), label = "--chrome with flows", profiles = 2, expect = new[] { "Program.Main", "Server.Start", "Db.Connect", "Router.Init" } },
            },
            html = new
            {
                file = Output("sample.html", "--html", "--full-names"),
                zoom = "App.Jobs.Queue.Drain",
                inside = "App.Jobs.Queue.Handle",
                outside = "App.Router.Init",
                search = "Json",
            },
        };
        var configPath = Path.Combine(Directory, "viewers.json");
        File.WriteAllText(configPath, JsonSerializer.Serialize(config));

        var run = ProcessRunner.Run(node!, new[] { Path.Combine(tool, "check-viewers.mjs"), configPath }, tool, timeout: TimeSpan.FromMinutes(4));

        TestContext.Out.WriteLine(run.StdOut);
        if (run.ExitCode != 0)
        {
            // Keep the outputs for a look in a browser.
            var kept = Path.Combine(Path.GetTempPath(), "gotrace-viewer-test-failure");
            if (System.IO.Directory.Exists(kept))
            {
                System.IO.Directory.Delete(kept, recursive: true);
            }

            System.IO.Directory.CreateDirectory(kept);
            foreach (var file in System.IO.Directory.GetFiles(Directory))
            {
                File.Copy(file, Path.Combine(kept, Path.GetFileName(file)));
            }

            Assert.Fail($"the viewers did not accept the outputs (kept in {kept}):\n{run}");
        }
        run.StdOut.ShouldContain("all viewer checks passed");
        run.StdOut.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)).ShouldBe(11, run.ToString());
    }

    private const int QueueDrain = 10;
    private const int QueueHandle = 11;
    private const int JsonParse = 12;

    /// <summary>
    /// The server start-up of the renderer tests on the main thread, and a worker thread that drains a queue:
    /// Queue.Drain (800 ms) → 50 × Queue.Handle (10 ms) → 50 × Json.Parse (2 ms).
    /// </summary>
    internal static TraceFileBuilder SampleTrace()
    {
        const long ms = 1_000_000;
        var builder = RendererTests.ServerTrace();
        builder.Module("Jobs", QueueDrain, ("App.Jobs", "Queue.Drain"), ("App.Jobs", "Queue.Handle"), ("App.Jobs", "Json.Parse"));
        var worker = builder.Thread(1, 7, "worker").Enter(QueueDrain, 100 * ms);
        for (var i = 0; i < 50; i++)
        {
            var at = (100 * ms) + (i * 12 * ms);
            worker.Enter(QueueHandle, at).Call(JsonParse, at + ms, at + (3 * ms)).Exit(QueueHandle, at + (10 * ms));
        }

        worker.Exit(QueueDrain, 900 * ms);
        return builder;
    }

    private static string? FindOnPath(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
