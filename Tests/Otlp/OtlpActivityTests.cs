using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Otlp;

/// <summary>
/// A woven program that runs work inside <c>System.Diagnostics.Activity</c>s continuing remote traces (what ASP.NET
/// Core does per request): the runtime records the activity where an async call or a spawn starts, and the export
/// makes those calls children of the activity's span, in its trace, as the Aspire dashboard receives them.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class OtlpActivityTests
{
    private const string RequestTrace = "0af7651916cd43dd8448eb211c80319c";
    private const string JobTrace = "4bf92f3577b34da6a3ce929d0e0e4736";

    private const string Sample = """
        using System;
        using System.Diagnostics;
        using System.Threading;
        using System.Threading.Tasks;

        namespace ActivitySample;

        public static class Program
        {
            public static async Task Main()
            {
                Work.Plain();
                var request = new Activity("request").SetParentId("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").Start();
                Console.WriteLine("request span " + request.SpanId.ToHexString());
                await Work.HandleAsync();
                request.Stop();

                var job = new Activity("job").SetParentId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").Start();
                Console.WriteLine("job span " + job.SpanId.ToHexString());
                Task.Run(Work.Job).Wait();
                job.Stop();

                Task.Run(Work.Job).Wait();
            }
        }

        public static class Work
        {
            public static void Plain() => Thread.Sleep(2);

            public static async Task HandleAsync()
            {
                await Task.Delay(5);
                Inner();
                await LoadAsync();
            }

            public static void Job() => Thread.Sleep(3);

            private static void Inner() => Thread.Sleep(2);

            private static async Task LoadAsync()
            {
                await Task.Delay(3);
                Inner();
            }
        }
        """;

    private AspireDashboard _dashboard = null!;
    private string _directory = string.Empty;
    private List<ReceivedSpan> _spans = null!;
    private string _requestSpan = string.Empty;
    private string _jobSpan = string.Empty;

    [OneTimeSetUp]
    public void TraceExportAndRead()
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            Assert.Ignore("the dashboard of the Aspire.Dashboard.Sdk.linux-x64 package runs on linux-x64 only");
        }

        _directory = RepoPaths.NewTempDirectory("gotrace-otlp-activity");
        var program = TracedProgram.Build("ActivitySample", Sample);
        var trace = Path.Combine(_directory, "activity.gotrace");
        var run = program.Run(Array.Empty<string>(), new Dictionary<string, string?> { ["GOTRACE_OUTPUT"] = trace, ["GOTRACE_QUIET"] = "1" });
        run.ExitCode.ShouldBe(0, run.ToString());
        RepoPaths.DeleteDirectories(program.Directory);
        _requestSpan = Regex.Match(run.StdOut, "request span ([0-9a-f]{16})").Groups[1].Value;
        _jobSpan = Regex.Match(run.StdOut, "job span ([0-9a-f]{16})").Groups[1].Value;

        _dashboard = AspireDashboard.Start();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        ReportCommand.Run(new[] { trace, "--otlp", _dashboard.OtlpHttpUrl, "--service-name", "otlp-activity", "--min-duration", "0" }, stdout, stderr).ShouldBe(0, stderr.ToString());
        var sent = int.Parse(Regex.Match(stderr.ToString() + stdout, @"sent (\d+) span").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        _spans = _dashboard.SpansOf("otlp-activity", sent);
        _spans.Count.ShouldBe(sent);
    }

    [OneTimeTearDown]
    public void StopTheDashboard()
    {
        _dashboard?.Dispose();
        RepoPaths.DeleteDirectories(_directory);
    }

    [Test]
    public void An_async_call_made_inside_an_activity_is_a_child_of_its_span_in_its_trace()
    {
        var handle = Single("Work.HandleAsync");
        handle.TraceId.ShouldBe(RequestTrace);
        handle.ParentSpanId.ShouldBe(_requestSpan);
        handle["gotrace.kind"].ShouldBe("async");

        // The calls under it follow it into the request's trace, nested as they ran.
        var load = Single("Work.LoadAsync");
        load.ParentSpanId.ShouldBe(handle.SpanId);
        load["gotrace.kind"].ShouldBe("async");
        _spans.Where(s => s.Name == "Work.Inner").Select(s => s.ParentSpanId).ShouldBe(new[] { handle.SpanId, load.SpanId }, ignoreOrder: true);
        _spans.Where(s => s.TraceId == RequestTrace).Select(s => s.Name).OrderBy(n => n)
            .ShouldBe(new[] { "Work.HandleAsync", "Work.Inner", "Work.Inner", "Work.LoadAsync" });
    }

    [Test]
    public void Work_spawned_inside_an_activity_is_a_child_of_its_span_and_without_one_stays_under_its_starter()
    {
        var main = Single("Program.Main");
        main.ParentSpanId.ShouldBeEmpty("no activity was current at the root: a trace of its own");
        main.TraceId.ShouldNotBe(RequestTrace);
        Single("Work.Plain").ParentSpanId.ShouldBe(main.SpanId);

        var jobs = _spans.Where(s => s.Name == "Work.Job").OrderBy(s => s.StartUnixNanos).ToList();
        jobs.Count.ShouldBe(2);
        jobs.ShouldAllBe(s => s["gotrace.kind"] == "spawned");
        (jobs[0].TraceId, jobs[0].ParentSpanId).ShouldBe((JobTrace, _jobSpan));
        (jobs[1].TraceId, jobs[1].ParentSpanId).ShouldBe((main.TraceId, main.SpanId));
    }

    private ReceivedSpan Single(string name)
    {
        var matching = _spans.Where(s => s.Name == name).ToList();
        matching.Count.ShouldBe(1, $"{name} in {string.Join(", ", _spans)}");
        return matching[0];
    }
}
