using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Reporter;

/// <summary>
/// A woven program that dies of an unhandled exception (Main → Boom → Deeper, which throws): the runtime
/// finishes the trace when the exception goes unhandled, and the frames' exits are written after that, as
/// the stack unwinds. The report still runs to the last event: no row past 100%.
/// </summary>
[TestFixture]
public sealed class CrashReportTests
{
    private const string Source = """
        namespace Crash;

        public static class Program
        {
            public static void Main()
            {
                Console.WriteLine("before the crash");
                Boom();
            }

            static void Boom()
            {
                Thread.Sleep(20);
                Deeper();
            }

            static void Deeper()
            {
                Thread.Sleep(5);
                throw new InvalidOperationException("boom");
            }
        }
        """;

    private TracedProgram _program = null!;
    private string _trace = null!;

    [OneTimeSetUp]
    public void BuildAndCrash()
    {
        _program = TracedProgram.Build("crashreport", Source);
        _trace = Path.Combine(_program.Directory, "crash.gotrace");
        var run = _program.Run(Array.Empty<string>(), new Dictionary<string, string?> { ["GOTRACE_OUTPUT"] = _trace });
        run.ExitCode.ShouldNotBe(0, run.ToString());
        run.StdErr.ShouldContain("Unhandled exception. System.InvalidOperationException: boom", customMessage: run.ToString());
    }

    [OneTimeTearDown]
    public void Delete() => RepoPaths.DeleteDirectories(_program.Directory);

    [Test]
    public void The_tree_of_a_crashed_program_stays_within_its_total()
    {
        var (exitCode, stdout, stderr) = Report(_trace);

        exitCode.ShouldBe(0, stderr);
        var rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        rows.Select(r => r.Split("  ", StringSplitOptions.RemoveEmptyEntries)[0].Trim(' ', '│', '├', '└', '─'))
            .ShouldBe(new[] { "Program.Main", "Program.Boom", "Program.Deeper" }, stdout);
        foreach (var row in rows)
        {
            Percent(row).ShouldBeLessThanOrEqualTo(100.0, stdout);
        }

        Percent(rows[0]).ShouldBeGreaterThan(90.0, stdout);
    }

    [Test]
    public void The_flat_profile_of_a_crashed_program_stays_within_its_total()
    {
        var (exitCode, stdout, stderr) = Report(_trace, "--top", "5");

        exitCode.ShouldBe(0, stderr);
        foreach (var row in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2))
        {
            var cells = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            double.Parse(cells[1].TrimEnd('%'), CultureInfo.InvariantCulture).ShouldBeLessThanOrEqualTo(100.0, stdout);
            double.Parse(cells[3].TrimEnd('%'), CultureInfo.InvariantCulture).ShouldBeLessThanOrEqualTo(100.0, stdout);
        }
    }

    [Test]
    public void The_trace_runs_to_the_last_event_written_after_the_writer_finished()
    {
        using var file = TraceFile.Open(_trace);
        var tree = CallTree.Build(file);

        tree.TotalTicks.ShouldBeGreaterThanOrEqualTo(tree.Roots.Single().TotalTicks);
    }

    private static (int ExitCode, string Stdout, string Stderr) Report(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exitCode = ReportCommand.Run(args, stdout, stderr);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    private static double Percent(string row) =>
        double.Parse(row.Split(' ', StringSplitOptions.RemoveEmptyEntries).Single(c => c.EndsWith('%')).TrimEnd('%'), CultureInfo.InvariantCulture);
}
