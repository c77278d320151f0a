using System.IO;
using GoTrace.Cli;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Cli;

/// <summary>
/// When gotrace names the test results folder for <c>dotnet test</c>: by default the project's TestResults, as
/// <c>dotnet test &lt;project&gt;</c> does; never when the user's arguments choose a folder themselves.
/// </summary>
[TestFixture]
public sealed class TestResultsDirectoryTests() : ScratchFolderTests("gotrace-cli-resultsdir")
{
    const string Project = "/src/Calc.Tests/Calc.Tests.csproj";

    // An inline run setting: dotnet test creates the folder only when it writes a result there, as it does untraced.
    const string Default = "RunConfiguration.ResultsDirectory=/src/Calc.Tests/TestResults";

    [Test]
    public void By_default_the_results_go_to_the_projects_TestResults()
    {
        TestResultsDirectory.Arguments(new[] { "--logger", "trx" }, Project)
            .ShouldBe(new[] { "--", Default });
    }

    [Test]
    public void It_follows_the_users_own_inline_run_settings()
    {
        TestResultsDirectory.Arguments(new[] { "--", "RunConfiguration.MaxCpuCount=1" }, Project).ShouldBe(new[] { Default });
    }

    [TestCase("--results-directory", "out")]
    [TestCase("--results-directory=out")]
    [TestCase("--results-directory:out")]
    [TestCase("--", "RunConfiguration.ResultsDirectory=out")]
    public void The_users_own_results_directory_wins(params string[] arguments)
    {
        TestResultsDirectory.Arguments(arguments, Project).ShouldBeEmpty();
    }

    [TestCase("--settings")]
    [TestCase("-s")]
    [TestCase("--settings=")]
    public void A_run_settings_file_with_a_results_directory_wins(string option)
    {
        var settings = Settings("<RunConfiguration><ResultsDirectory>out</ResultsDirectory></RunConfiguration>");
        var arguments = option.EndsWith('=') ? new[] { option + settings } : new[] { option, settings };

        TestResultsDirectory.Arguments(arguments, Project).ShouldBeEmpty();
    }

    [Test]
    public void A_run_settings_file_without_one_does_not()
    {
        var settings = Settings("<RunConfiguration><MaxCpuCount>1</MaxCpuCount></RunConfiguration>");

        TestResultsDirectory.Arguments(new[] { "--settings", settings }, Project)
            .ShouldBe(new[] { "--", Default });
    }

    string Settings(string runSettings)
    {
        var path = Path.Combine(Root, "test.runsettings");
        File.WriteAllText(path, $"<RunSettings>{runSettings}</RunSettings>");
        return path;
    }
}
