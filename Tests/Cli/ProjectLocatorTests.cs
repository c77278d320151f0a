using System.IO;
using GoTrace.Cli;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Cli;

[TestFixture]
public sealed class ProjectLocatorTests() : ScratchFolderTests("gotrace-cli-locator")
{
    [Test]
    public void A_folder_with_one_project_means_that_project()
    {
        var project = Touch("App.csproj");
        Touch("README.md");

        ProjectLocator.Locate(Root).ShouldBe(project);
    }

    [Test]
    public void A_project_file_means_itself()
    {
        Touch("A.csproj");
        var b = Touch("B.csproj");

        ProjectLocator.Locate(b).ShouldBe(b);
    }

    [Test]
    public void A_folder_without_a_project_is_a_usage_error()
    {
        Touch("Program.cs");

        var error = Should.Throw<CliException>(() => ProjectLocator.Locate(Root));

        error.Message.ShouldBe($"no project found in {Root}");
        error.ExitCode.ShouldBe(2);
    }

    [Test]
    public void A_folder_with_several_projects_asks_to_name_one()
    {
        Touch("b.csproj");
        Touch("a.csproj");

        var error = Should.Throw<CliException>(() => ProjectLocator.Locate(Root));

        error.Message.ShouldBe($"several projects in {Root}: a.csproj, b.csproj; name one");
        error.ExitCode.ShouldBe(2);
    }

    [Test]
    public void A_missing_path_is_a_usage_error()
    {
        var missing = Path.Combine(Root, "nope");

        var error = Should.Throw<CliException>(() => ProjectLocator.Locate(missing));

        error.Message.ShouldBe($"no such file or directory: {missing}");
        error.ExitCode.ShouldBe(2);
    }

    [TestCase("none")]
    [TestCase("two")]
    [TestCase("missing")]
    public void Gotrace_run_reports_the_problem_in_one_line_and_exits_2(string layout)
    {
        var path = Path.Combine(Root, layout);
        if (layout != "missing")
        {
            Directory.CreateDirectory(path);
        }

        if (layout == "two")
        {
            File.WriteAllText(Path.Combine(path, "a.csproj"), "");
            File.WriteAllText(Path.Combine(path, "b.csproj"), "");
        }

        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exitCode = CommandLineApp.Run(new[] { "run", path }, stdout, stderr);

        exitCode.ShouldBe(2);
        stdout.ToString().ShouldBeEmpty();
        var expected = layout switch
        {
            "none" => $"gotrace: no project found in {path}",
            "two" => $"gotrace: several projects in {path}: a.csproj, b.csproj; name one",
            _ => $"gotrace: no such file or directory: {path}",
        };
        stderr.ToString().ShouldBe(expected + System.Environment.NewLine);
    }

    string Touch(string name)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, "");
        return path;
    }
}
