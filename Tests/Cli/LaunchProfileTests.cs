using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Cli;

/// <summary>
/// <c>gotrace run</c> takes Properties/launchSettings.json as <c>dotnet run</c> does, and the program's arguments with
/// or without <c>--</c>: real runs of a sample whose program prints what it got.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class LaunchProfileTests
{
    const string ProgramSource = """
        using System;

        namespace SampleApp;

        public static class Program
        {
            public static int Main(string[] args)
            {
                Console.WriteLine("args: " + string.Join(",", args));
                Console.WriteLine("cwd: " + Environment.CurrentDirectory);
                Console.WriteLine("urls: " + Environment.GetEnvironmentVariable("ASPNETCORE_URLS"));
                Console.WriteLine("profile: " + Environment.GetEnvironmentVariable("DOTNET_LAUNCH_PROFILE"));
                Console.WriteLine("greeting: " + Environment.GetEnvironmentVariable("GREETING"));
                Console.WriteLine(SampleLib.Greeter.Greet("gotrace"));
                return 0;
            }
        }
        """;

    const string LaunchSettings = """
        {
          // Comments and trailing commas are allowed, as dotnet run allows them.
          "profiles": {
            "IIS Express": { "commandName": "IISExpress" },
            "web": {
              "commandName": "Project",
              "applicationUrl": "http://127.0.0.1:5123;http://127.0.0.1:5124",
              "commandLineArgs": "from-profile \"two words\"",
              "workingDirectory": "content",
              "environmentVariables": { "GREETING": "hi %LAUNCH_TEST_NAME%", "ASPNETCORE_ENVIRONMENT": "Development" }
            },
            "other": { "commandName": "Project", "commandLineArgs": "unused", "environmentVariables": { "GREETING": "other" } },
          }
        }
        """;

    string _solution = "";
    string _cwd = "";
    ProcessResult _default = null!;
    ProcessResult _other = null!;
    ProcessResult _none = null!;

    string App => Path.Combine(_solution, "App");

    [OneTimeSetUp]
    public void RunWithEachProfile()
    {
        _solution = SampleSolution.Create(ProgramSource);
        Directory.CreateDirectory(Path.Combine(App, "content"));
        Directory.CreateDirectory(Path.Combine(App, "Properties"));
        File.WriteAllText(Path.Combine(App, "Properties", "launchSettings.json"), LaunchSettings);
        _cwd = RepoPaths.NewTempDirectory("gotrace-launch-cwd");
        System.Environment.SetEnvironmentVariable("LAUNCH_TEST_NAME", "there");
        var runs = new[]
        {
            Task.Run(() => Gotrace.Run(new[] { "run", App }, _cwd)),
            // Program arguments without --, a report view among them, and a word after -- that looks like an option.
            Task.Run(() => Gotrace.Run(new[] { "run", App, "deep", "5", "--launch-profile", "OTHER", "--depth", "1", "--", "--port" }, _cwd)),
            Task.Run(() => Gotrace.Run(new[] { "run", App, "--no-launch-profile" }, _cwd)),
        };
        Task.WaitAll(runs);
        (_default, _other, _none) = (runs[0].Result, runs[1].Result, runs[2].Result);
    }

    [OneTimeTearDown]
    public void Delete() => RepoPaths.DeleteDirectories(_solution, _cwd);

    [Test]
    public void The_first_Project_profile_applies_by_default()
    {
        var stdout = _default.StdOut;
        _default.ExitCode.ShouldBe(0, _default.ToString());
        stdout.ShouldContain("args: from-profile,two words\n");
        stdout.ShouldContain("urls: http://127.0.0.1:5123;http://127.0.0.1:5124\n");
        stdout.ShouldContain("profile: web\n");
        stdout.ShouldContain("greeting: hi there\n");
        stdout.ShouldContain("cwd: " + Path.Combine(App, "content") + "\n");
        stdout.ShouldContain("Program.Main");
        CompensationNote.Without(_default.StdErr).ShouldBe($"gotrace: using launch profile 'web' from {Path.Combine(App, "Properties", "launchSettings.json")}\n");
    }

    [Test]
    public void A_named_profile_and_arguments_given_without_the_double_dash()
    {
        var stdout = _other.StdOut;
        _other.ExitCode.ShouldBe(0, _other.ToString());
        stdout.ShouldContain("args: deep,5,--port\n");
        stdout.ShouldContain("urls: \n");
        stdout.ShouldContain("profile: other\n");
        stdout.ShouldContain("greeting: other\n");
        stdout.ShouldContain("cwd: " + _cwd + "\n");
        stdout.ShouldContain("Program.Main");
        stdout.ShouldNotContain("Greeter.Greet"); // --depth 1 reached the report
    }

    [Test]
    public void No_launch_profile()
    {
        var stdout = _none.StdOut;
        _none.ExitCode.ShouldBe(0, _none.ToString());
        stdout.ShouldContain("args: \n");
        stdout.ShouldContain("profile: \n");
        stdout.ShouldContain("cwd: " + _cwd + "\n");
        CompensationNote.Without(_none.StdErr).ShouldBeEmpty();
    }

    [Test]
    public void An_unknown_profile_is_refused_before_building()
    {
        var result = Gotrace.Run(new[] { "run", App, "--launch-profile", "nope" }, _cwd);

        result.ExitCode.ShouldBe(2, result.ToString());
        result.StdOut.ShouldBeEmpty();
        result.StdErr.ShouldBe($"gotrace: no launch profile 'nope' in {Path.Combine(App, "Properties", "launchSettings.json")} (profiles: IIS Express, web, other)\n");
    }

    [Test]
    public void A_profile_that_runs_something_else_is_refused()
    {
        var result = Gotrace.Run(new[] { "run", App, "-lp", "IIS Express" }, _cwd);

        result.ExitCode.ShouldBe(2, result.ToString());
        result.StdErr.ShouldStartWith("gotrace: launch profile 'IIS Express' in ");
        result.StdErr.ShouldContain("is not a Project profile (commandName IISExpress)");
    }
}
