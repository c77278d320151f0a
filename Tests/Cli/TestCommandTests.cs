using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Cli;

/// <summary>
/// <c>gotrace test Calc.Tests -- --filter TestCategory!=Slow</c> next to a plain
/// <c>dotnet test Calc.Tests --filter TestCategory!=Slow</c>: the same results as untraced (the filter
/// reached dotnet test: the Slow test ran in neither), each test a root of the tree.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class TestCommandTests
{
    string _solution = "";
    string _scratch = "";
    IReadOnlyList<string> _before = null!;
    IReadOnlyList<string> _after = null!;
    ProcessResult _traced = null!;
    ProcessResult _untraced = null!;

    [OneTimeSetUp]
    public void RunTracedAndUntraced()
    {
        _solution = SampleTestSolution.Create();
        _scratch = RepoPaths.NewTempDirectory("gotrace-cli-test-scratch");
        var tests = Path.Combine(_solution, "Calc.Tests");
        _before = TreeSnapshot.Take(_solution);

        // The untraced run builds into the scratch folder so the source tree stays as it was.
        var untraced = Task.Run(() => ProcessRunner.Dotnet(new[]
        {
            "test", tests, "--filter", "TestCategory!=Slow",
            "-p:UseArtifactsOutput=true", "-p:ArtifactsPath=" + Path.Combine(_scratch, "artifacts"),
        }, _scratch));
        var traced = Task.Run(() => Gotrace.Run(new[] { "test", tests, "--", "--filter", "TestCategory!=Slow" }, _scratch, _scratch));
        Task.WaitAll(untraced, traced);
        (_untraced, _traced) = (untraced.Result, traced.Result);
        _after = TreeSnapshot.Take(_solution);
    }

    [OneTimeTearDown]
    public void Delete()
    {
        RepoPaths.DeleteDirectories(_solution, _scratch);
    }

    [Test]
    public void Tests_pass_and_fail_as_they_do_untraced()
    {
        _untraced.ExitCode.ShouldBe(1, _untraced.ToString());
        _traced.ExitCode.ShouldBe(_untraced.ExitCode, _traced.ToString());
        Summary(_traced).ShouldBe(Summary(_untraced), _traced.ToString());
        Summary(_traced).ShouldBe("Failed: 1, Passed: 1, Skipped: 0, Total: 2");
        Outcomes(_traced).ShouldBe(Outcomes(_untraced));
    }

    [Test]
    public void A_failing_tests_stack_trace_still_points_at_its_source_line()
    {
        _traced.StdOut.ShouldContain("at Calc.Tests.CalculatorTests.Fails() in ", customMessage: _traced.ToString());
        _traced.StdOut.ShouldContain("CalculatorTests.cs:line 11");
    }

    [Test]
    public void The_tree_follows_the_test_run_with_each_test_a_root_calling_the_library()
    {
        var stdout = _traced.StdOut;
        var tree = stdout.Substring(stdout.IndexOf("TOTAL: ", System.StringComparison.Ordinal)).Split('\n');
        var roots = tree.Skip(1).Where(line => line.Length > 0 && !line.StartsWith(' ') && !line.StartsWith('│')
            && !line.StartsWith('├') && !line.StartsWith('└')).Select(line => line.Split(' ')[0]).ToList();
        roots.ShouldContain("CalculatorTests.Adds", _traced.ToString());
        roots.ShouldContain("CalculatorTests.Fails");
        foreach (var test in new[] { "CalculatorTests.Adds", "CalculatorTests.Fails" })
        {
            var at = System.Array.FindIndex(tree, line => line.StartsWith(test + " "));
            tree[at + 1].ShouldMatch(@"^└── Calculator\.Add ");
        }
    }

    [Test]
    public void Arguments_after_the_double_dash_go_to_dotnet_test()
    {
        // Three tests, two run: the filter left the Slow one out, and the tree has no Slow either.
        Summary(_traced).ShouldEndWith("Total: 2", customMessage: _traced.ToString());
        _traced.StdOut.ShouldNotContain("CalculatorTests.Slow");
    }

    [Test]
    public void The_source_tree_gets_no_new_or_changed_files()
    {
        _after.ShouldBe(_before);
    }

    [Test]
    public void No_workspace_is_left_behind()
    {
        Directory.EnumerateDirectories(_scratch, "gotrace-*").ShouldBeEmpty();
    }

    /// <summary>"Failed: 1, Passed: 1, Skipped: 0, Total: 2" from dotnet test's closing line.</summary>
    static string Summary(ProcessResult result)
    {
        var match = Regex.Match(result.StdOut, @"Failed:\s+(\d+), Passed:\s+(\d+), Skipped:\s+(\d+), Total:\s+(\d+)");
        match.Success.ShouldBeTrue(result.ToString());
        return $"Failed: {match.Groups[1].Value}, Passed: {match.Groups[2].Value}, Skipped: {match.Groups[3].Value}, Total: {match.Groups[4].Value}";
    }

    /// <summary>The tests dotnet test names as failed, sorted.</summary>
    static IReadOnlyList<string> Outcomes(ProcessResult result) =>
        Regex.Matches(result.StdOut, @"^\s+Failed (\S+) \[", RegexOptions.Multiline)
            .Select(match => match.Groups[1].Value)
            .OrderBy(name => name, System.StringComparer.Ordinal)
            .ToList();
}
