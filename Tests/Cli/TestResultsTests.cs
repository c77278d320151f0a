using System.IO;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Cli;

/// <summary>
/// <c>gotrace test Calc.Tests -- --logger trx</c> from another folder: the results land in Calc.Tests/TestResults,
/// where <c>dotnet test Calc.Tests --logger trx</c> puts them, not in the current folder.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class TestResultsTests
{
    string _solution = "";
    string _scratch = "";
    ProcessResult _result = null!;

    [OneTimeSetUp]
    public void RunWithTrxLogger()
    {
        _solution = SampleTestSolution.Create();
        _scratch = RepoPaths.NewTempDirectory("gotrace-cli-results");
        _result = Gotrace.Run(new[] { "test", Path.Combine(_solution, "Calc.Tests"), "--", "--logger", "trx", "--filter", "Name=Adds" },
            _scratch, _scratch);
    }

    [OneTimeTearDown]
    public void Delete()
    {
        RepoPaths.DeleteDirectories(_solution, _scratch);
    }

    [Test]
    public void The_trx_file_is_in_the_test_projects_TestResults_folder()
    {
        _result.ExitCode.ShouldBe(0, _result.ToString());
        Directory.EnumerateFiles(Path.Combine(_solution, "Calc.Tests", "TestResults"), "*.trx").ShouldHaveSingleItem();
    }

    [Test]
    public void Nothing_is_written_to_the_current_folder()
    {
        Directory.Exists(Path.Combine(_scratch, "TestResults")).ShouldBeFalse(_result.ToString());
    }
}
