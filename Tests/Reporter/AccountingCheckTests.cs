using System;
using System.Collections.Generic;
using System.IO;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Reporter;

/// <summary>
/// The suite-wide accounting check (<see cref="AccountingCheckSetup"/>) reaches every road a trace takes: a tree built
/// in this process, a trace file opened and closed without a tree, and a report made by a child process.
/// </summary>
[NonParallelizable]
public class AccountingCheckTests : ReporterTestBase
{
    [Test]
    public void The_check_is_on_for_the_whole_run()
    {
        Environment.GetEnvironmentVariable(AccountingCheckSetup.Variable).ShouldBe(AccountingCheckSetup.Log);
    }

    [Test]
    public void A_tree_built_in_this_process_is_checked()
    {
        var trace = Save(RendererTests.ServerTrace(), "built.bin");

        ChecksOf(trace, () =>
        {
            using var file = TraceFile.Open(trace);
            CallTree.Build(file);
        }).ShouldBe(1);
    }

    [Test]
    public void A_trace_opened_and_closed_without_a_tree_is_checked_when_closed()
    {
        var trace = Save(RendererTests.ServerTrace(), "opened.bin");

        ChecksOf(trace, () =>
        {
            using var file = TraceFile.Open(trace);
            file.Threads.Count.ShouldBe(1);
        }).ShouldBe(1);
    }

    [Test]
    public void A_report_made_by_a_child_process_is_checked()
    {
        var trace = Save(RendererTests.ServerTrace(), "child.bin");

        ChecksOf(trace, () =>
        {
            var report = ProcessRunner.Dotnet(new[] { Path.Combine(RepoPaths.TestOutput, "gotrace-report.dll"), trace, "--top", "3" }, Directory);
            report.ExitCode.ShouldBe(0, report.ToString());
        }).ShouldBe(1);
    }

    private static int ChecksOf(string trace, Action action)
    {
        int Lines() => File.Exists(AccountingCheckSetup.Log) ? Array.FindAll(File.ReadAllLines(AccountingCheckSetup.Log), l => l.StartsWith(trace + "\t", StringComparison.Ordinal)).Length : 0;
        var before = Lines();
        action();
        return Lines() - before;
    }
}
