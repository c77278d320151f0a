using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;

namespace Tests.Reporter;

/// <summary>
/// Activity events and records (trace format version 2) say which distributed trace work ran in; every report
/// other than the OTLP export steps over them: a trace with them reports exactly as the same trace without.
/// </summary>
[TestFixture]
public sealed class ActivityEventTests
{
    private const long ActivityA = (1L << 32) | 1;
    private string _directory = string.Empty;

    [OneTimeSetUp]
    public void MakeFolder() => _directory = Tests.Support.RepoPaths.NewTempDirectory("gotrace-activity-events");

    [OneTimeTearDown]
    public void DeleteFolder() => Tests.Support.RepoPaths.DeleteDirectories(_directory);

    [TestCase]
    [TestCase("--json")]
    [TestCase("--folded")]
    [TestCase("--chrome")]
    [TestCase("--speedscope")]
    [TestCase("--top", "10")]
    [TestCase("--threads")]
    [TestCase("--slowest", "Api.HandleAsync")]
    public void A_trace_with_activity_events_reports_as_the_same_trace_without(params string[] options)
    {
        var with = Save("with.gotrace", activities: true);
        var without = Save("without.gotrace", activities: false);

        // The activity events are events of the trace: only their count may differ.
        static string Normal(string report, string trace) =>
            Regex.Replace(Regex.Replace(report.Replace(trace, "TRACE", StringComparison.Ordinal), @"[\d,]+ events", "N events"), "\"events\":\\s*\\d+", "\"events\": N");
        Normal(Report(with, options), with).ShouldBe(Normal(Report(without, options), without));
    }

    [Test]
    public void The_activity_record_gives_the_w3c_ids_back()
    {
        using var file = TraceFile.Open(Save("ids.gotrace", activities: true));
        file.Version.ShouldBe(2);
        file.Activities.Count.ShouldBe(1);
        var context = file.Activities[ActivityA];
        context.TraceId.ToHexString().ShouldBe("0af7651916cd43dd8448eb211c80319c");
        context.SpanId.ToHexString().ShouldBe("b7ad6b7169203331");
        ((int)context.TraceFlags).ShouldBe(1);
        file.Activities[TraceActivities.None].ShouldBe(default);
    }

    private string Save(string name, bool activities)
    {
        var builder = new TraceFileBuilder { Version = activities ? 2u : 1u }
            .Process("activity", "activity")
            .Module("Activity", 1, ("Activity", "Program.Main"), ("Activity", "Api.HandleAsync"), ("Activity", "Api.Load"), ("Activity", "Job.Run"));
        if (activities)
        {
            builder.Activity(ActivityA, "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331");
        }

        var main = builder.Thread(0, 1, "main").Enter(1, 500_000);
        if (activities)
        {
            main.WorkEvent(WorkWhat.Activity, ActivityA, 1_000_000);
        }

        main.WorkEvent(WorkWhat.AsyncCall, 100, 1_000_000, functionId: 2)
            .WorkEvent(WorkWhat.Begin, 100, 1_000_000)
            .Enter(2, 1_000_000)
            .Call(3, 2_000_000, 5_000_000);
        if (activities)
        {
            main.WorkEvent(WorkWhat.Activity, TraceActivities.None, 5_500_000);
        }

        main.WorkEvent(WorkWhat.Spawn, 200, 5_500_000)
            .WorkEvent(WorkWhat.AsyncComplete, 100, 8_000_000)
            .Exit(2, 8_000_000)
            .WorkEvent(WorkWhat.End, 100, 8_000_000)
            .Exit(1, 30_000_000);
        builder.Thread(1, 7, "worker")
            .WorkEvent(WorkWhat.Begin, 200, 6_000_000).Call(4, 6_100_000, 7_000_000).WorkEvent(WorkWhat.End, 200, 7_100_000);
        return builder.Save(Path.Combine(_directory, name));
    }

    private static string Report(string trace, string[] options)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        ReportCommand.Run(new[] { trace }.Concat(options).ToArray(), stdout, stderr).ShouldBe(0, stderr.ToString());
        return stdout + stderr.ToString();
    }
}
