using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Cli;

/// <summary>
/// Every view and format of the reporter, straight on <c>gotrace run</c>: one real run of the sample solution each
/// (run side by side), reported as asked. Reports that are data keep stdout to themselves: the program's own output
/// goes to stderr then.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class RunViewTests
{
    static readonly Dictionary<string, string[]> Views = new()
    {
        ["folded"] = new[] { "--folded", "--threads", "--min-duration", "1ms" },
        ["json"] = new[] { "--json", "--focus", "Program.Nap" },
        ["top"] = new[] { "--top", "3", "--thread", "1", "--min-percent", "1" },
        ["chrome"] = new[] { "--chrome", "-o", "{dir}/timeline.json", "--thread", "1" },
        ["speedscope"] = new[] { "--speedscope", "--depth", "2" },
        ["html"] = new[] { "--html", "-o", "{dir}/report.html", "--callers", "Greeter.Greet" },
        ["depth"] = new[] { "--depth", "1", "--full-names" },
    };

    string _solution = "";
    string _directory = "";
    readonly Dictionary<string, ProcessResult> _runs = new();

    [OneTimeSetUp]
    public void RunEachView()
    {
        _solution = SampleSolution.Create();
        _directory = RepoPaths.NewTempDirectory("gotrace-run-views");
        var app = Path.Combine(_solution, "App");
        var results = Views.AsParallel().WithDegreeOfParallelism(3).Select(view => (view.Key, Gotrace.Run(
            new[] { "run", app, "a" }.Concat(view.Value.Select(word => word.Replace("{dir}", _directory))), _directory))).ToList();
        foreach (var (name, result) in results)
        {
            _runs[name] = result;
        }
    }

    [OneTimeTearDown]
    public void Delete() => RepoPaths.DeleteDirectories(_solution, _directory);

    [Test]
    public void Folded_stacks_per_thread_over_a_millisecond()
    {
        var run = Ran("folded");
        var lines = run.StdOut.Split('\n', System.StringSplitOptions.RemoveEmptyEntries);

        lines.ShouldAllBe(line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^[^;]+(;[^;]+)* \d+$"), run.ToString());
        lines.ShouldContain(line => line.StartsWith("thread 1;SampleApp.Program.Main;SampleApp.Program.Nap "), run.ToString());
        run.StdOut.ShouldNotContain("Greeter.Greet");
        run.StdErr.ShouldContain("args: a");
    }

    [Test]
    public void Json_of_a_focused_function()
    {
        var run = Ran("json");

        using var json = JsonDocument.Parse(run.StdOut);
        json.RootElement.GetArrayLength().ShouldBe(1, run.ToString());
        json.RootElement[0].GetProperty("name").GetString().ShouldBe("SampleApp.Program.Nap");
        run.StdErr.ShouldContain("args: a");
    }

    [Test]
    public void Top_table_of_one_thread_after_the_programs_output()
    {
        var run = Ran("top");
        var lines = run.StdOut.Split('\n', System.StringSplitOptions.RemoveEmptyEntries).ToList();
        var header = lines.FindIndex(line => line.TrimStart().StartsWith("self  self%"));

        header.ShouldBeGreaterThan(lines.FindIndex(line => line == "args: a"), run.ToString());
        var rows = lines.Skip(header + 1).ToList();
        rows.Count.ShouldBeInRange(1, 3);
        rows.ShouldContain(row => row.EndsWith("  Program.Nap"), run.ToString());
    }

    [Test]
    public void Chrome_timeline_to_a_file()
    {
        var run = Ran("chrome");

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory, "timeline.json")));
        json.RootElement.GetProperty("traceEvents").EnumerateArray()
            .Where(e => e.GetProperty("ph").GetString() == "X")
            .Select(e => e.GetProperty("name").GetString())
            .ShouldContain("Program.Nap", run.ToString());
        run.StdOut.ShouldContain("args: a");
    }

    [Test]
    public void Speedscope_profile_to_two_levels()
    {
        var run = Ran("speedscope");

        using var json = JsonDocument.Parse(run.StdOut);
        json.RootElement.GetProperty("$schema").GetString()!.ShouldContain("speedscope");
        var frames = json.RootElement.GetProperty("shared").GetProperty("frames").EnumerateArray()
            .Select(f => f.GetProperty("name").GetString()).ToList();
        frames.ShouldContain("SampleApp.Program.Nap", run.ToString());
    }

    [Test]
    public void Html_of_a_functions_callers()
    {
        var run = Ran("html");
        var html = File.ReadAllText(Path.Combine(_directory, "report.html"));

        html.ShouldContain("<html");
        html.ShouldContain("Greeter.Greet", customMessage: run.ToString());
    }

    [Test]
    public void Tree_to_one_level_with_full_names()
    {
        var run = Ran("depth");

        run.StdOut.ShouldContain("SampleApp.Program.Main", customMessage: run.ToString());
        run.StdOut.ShouldNotContain("Program.Nap");
        run.StdOut.ShouldNotContain("└──");
    }

    ProcessResult Ran(string view)
    {
        var run = _runs[view];
        run.ExitCode.ShouldBe(3, run.ToString()); // the sample program's own exit code
        return run;
    }
}
