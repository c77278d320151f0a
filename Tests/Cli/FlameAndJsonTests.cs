using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using NUnit.Framework;
using Shouldly;

namespace Tests.Cli;

/// <summary>
/// <c>gotrace flame</c> and <c>gotrace json</c> on a program that writes to stdout: the report alone is on
/// stdout and parses; the program's own output is on stderr.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class FlameAndJsonTests
{
    SampleRun _flame = null!;
    SampleRun _json = null!;

    [OneTimeSetUp]
    public void RunBoth()
    {
        Parallel.Invoke(
            () => _flame = SampleRun.Start(solution => new[] { "flame", Path.Combine(solution, "App"), "--", "folded" }),
            () => _json = SampleRun.Start(solution => new[] { "json", Path.Combine(solution, "App", "SampleApp.csproj"), "--", "json" }));
    }

    [OneTimeTearDown]
    public void Delete()
    {
        _flame.Delete();
        _json.Delete();
    }

    [Test]
    public void Flame_prints_only_folded_stacks_on_stdout()
    {
        _flame.Result.ExitCode.ShouldBe(3, _flame.Result.ToString());
        var lines = _flame.Result.StdOut.TrimEnd().Split('\n');
        lines.ShouldAllBe(line => Regex.IsMatch(line, @"^\S+ \d+$"), _flame.Result.ToString());
        lines.ShouldContain(line => line.StartsWith("SampleApp.Program.Main;SampleApp.Program.Nap "));
        // Greeter.Greet (one string concatenation) is under a microsecond once the tracer's cost is taken out:
        // folded stacks weigh whole microseconds, so it may have no line of its own.
    }

    [Test]
    public void Flame_sends_the_programs_output_to_stderr()
    {
        _flame.Result.StdErr.ShouldContain("args: folded", customMessage: _flame.Result.ToString());
        _flame.Result.StdErr.ShouldContain("hello gotrace");
        _flame.Result.StdOut.ShouldNotContain("hello gotrace");
    }

    [Test]
    public void Json_prints_one_json_document_with_the_call_tree()
    {
        _json.Result.ExitCode.ShouldBe(3, _json.Result.ToString());
        using var document = JsonDocument.Parse(_json.Result.StdOut);
        var main = document.RootElement.EnumerateArray()
            .Single(root => root.GetProperty("name").GetString() == "SampleApp.Program.Main");
        main.GetProperty("calls").GetInt64().ShouldBe(1);
        main.GetProperty("children").EnumerateArray().Select(child => child.GetProperty("name").GetString())
            .ShouldBe(new[] { "SampleApp.Program.Nap", "SampleLib.Greeter.Greet" }, ignoreOrder: true);
    }

    [Test]
    public void Json_sends_the_programs_output_to_stderr()
    {
        _json.Result.StdErr.ShouldContain("args: json", customMessage: _json.Result.ToString());
        _json.Result.StdErr.ShouldContain("hello gotrace");
    }

    [Test]
    public void Neither_leaves_anything_behind()
    {
        foreach (var run in new[] { _flame, _json })
        {
            run.LeftWorkspaces.ShouldBeEmpty();
            run.After.ShouldBe(run.Before);
        }
    }
}
