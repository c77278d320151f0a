using System;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace Tests;

/// <summary>
/// The invariant of the flat profile, checked over every trace the suite produces: the reporter's self-check
/// (GOTRACE_REPORT_CHECK, docs/accounting.md) is on for the whole run — in this process and in every process a test
/// starts (gotrace, gotrace-report, the packaged tool) — so every tree any report builds, and every trace file a
/// test opens and closes without building one (its tree is built then), must give each function of <c>--top</c> a
/// self time within its total and a total within the trace's wall time times its threads, or the report (and with it
/// the test) fails. Each check is logged; the count is printed at the end.
/// </summary>
[SetUpFixture]
public sealed class AccountingCheckSetup
{
    public const string Variable = "GOTRACE_REPORT_CHECK";

    /// <summary>Where the reporter logs each trace it checked, one line each.</summary>
    public static string Log { get; } = Path.Combine(Path.GetTempPath(), $"gotrace-accounting-{Environment.ProcessId}.log");

    [OneTimeSetUp]
    public void TurnTheCheckOn() => Environment.SetEnvironmentVariable(Variable, Log);

    [OneTimeTearDown]
    public void SayHowManyTracesWereChecked()
    {
        if (!File.Exists(Log))
        {
            TestContext.Progress.WriteLine("accounting check: no trace was checked");
            return;
        }

        var lines = File.ReadAllLines(Log);
        TestContext.Progress.WriteLine($"accounting check: {lines.Length} trees of {lines.Select(l => l.Split('\t')[0]).Distinct().Count()} traces checked (self ≤ total ≤ wall time × threads for every function)");
        File.Delete(Log);
    }
}
