using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Packaging;

/// <summary>
/// README.md's set-up, as a user with only the SDK takes it: a fresh <c>git clone</c> of the repository (with the README
/// as it is now), a HOME of its own (so <c>dotnet tool install --global</c> installs into it) and a NuGet packages folder
/// of its own (so the packages packed here never reach the machine's; the machine's folder is a fallback, which keeps
/// the restores off the network). Every fenced block under <c>&lt;!-- setup --&gt;</c> runs in order in one bash, as
/// written; then the front-door main-job command runs in the same clone. Both must print the call tree the README shows.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class ReadmeSetupTests
{
    const string DemoCommandLine = "$ dotnet run --project GoTrace.Cli -- run samples/Demo";

    string _root = "";
    string _clone = "";
    ReadmeText _readme = null!;
    ProcessResult _clonedRepository = null!;
    ProcessResult _setup = null!;
    ProcessResult _mainJob = null!;

    [OneTimeSetUp]
    public void CloneAndRunTheSetup()
    {
        _root = RepoPaths.NewTempDirectory("gotrace-readme-setup");
        _clone = Path.Combine(_root, "gotrace");
        _clonedRepository = ProcessRunner.Run("git", new[] { "clone", "--quiet", RepoPaths.Root, _clone }, _root);
        _clonedRepository.ExitCode.ShouldBe(0, _clonedRepository.ToString());
        File.Copy(RepoPaths.InRepo("README.md"), Path.Combine(_clone, "README.md"), overwrite: true);
        _readme = new ReadmeText(File.ReadAllText(Path.Combine(_clone, "README.md")));

        var environment = UserEnvironment();
        var script = Path.Combine(_root, "setup.sh");
        File.WriteAllText(script, "set -euo pipefail\n" + string.Concat(_readme.SetupBlocks()));
        _setup = ProcessRunner.Run("bash", new[] { script }, _clone, environment, TimeSpan.FromMinutes(15));
        _mainJob = ProcessRunner.Run("bash", new[] { "-c", _readme.FrontDoorCommand("(the main job)") }, _clone, environment, TimeSpan.FromMinutes(10));
    }

    [OneTimeTearDown]
    public void Delete()
    {
        RepoPaths.DeleteDirectories(_root);
    }

    [Test]
    public void The_README_has_the_setup_blocks_a_fresh_clone_runs()
    {
        var blocks = _readme.SetupBlocks();
        blocks.Count.ShouldBe(2);
        blocks[0].ShouldContain("dotnet pack");
        blocks[0].ShouldContain("dotnet tool install");
        blocks[1].ShouldContain("dotnet add package GoTrace.Fody");
    }

    [Test]
    public void The_setup_blocks_run_as_written_on_a_fresh_clone()
    {
        _setup.ExitCode.ShouldBe(0, _setup.ToString());
    }

    [Test]
    public void The_installed_gotrace_prints_the_call_tree_the_README_shows()
    {
        ShouldShowTree(_setup, _readme.TreeNamesAfter(DemoCommandLine));
        _setup.StdOut.ShouldContain("demo done\n", customMessage: _setup.ToString());
    }

    [Test]
    public void The_main_job_command_prints_the_call_tree_the_README_shows()
    {
        _mainJob.ExitCode.ShouldBe(0, _mainJob.ToString());
        _mainJob.StdOut.ShouldStartWith("config loaded: 12 keys\n", customMessage: _mainJob.ToString());
        ShouldShowTree(_mainJob, _readme.TreeNamesAfter(DemoCommandLine));
    }

    [Test]
    public void A_new_project_with_GoTrace_Fody_from_the_folder_feed_writes_the_trace_the_README_shows()
    {
        _setup.StdOut.ShouldContain("Hello, World!\n", customMessage: _setup.ToString());
        ShouldShowTree(_setup, _readme.TreeNamesAfter("Hello, World!"));
        File.Exists(Path.Combine(_root, "HelloTrace", "hello.gotrace")).ShouldBeTrue();
    }

    [Test]
    public void Ci_runs_the_test_command_of_the_README()
    {
        var command = _readme.FrontDoorCommand("**Run the tests**");
        File.ReadAllLines(RepoPaths.InRepo(".ci", "run")).ShouldContain(command);
    }

    static void ShouldShowTree(ProcessResult run, IReadOnlyList<string> names)
    {
        names.Count.ShouldBeGreaterThan(0);
        var missing = names.Where(name => !ReadmeText.HasTreeRow(run.StdOut, name)).ToList();
        missing.ShouldBeEmpty($"rows of the README's tree missing from the output:\n{run}");
    }

    /// <summary>
    /// A user's environment with nothing installed: HOME and the .NET CLI's home in the temp folder, with the machine's
    /// NuGet.Config (its package sources), a packages folder of its own, and the machine's packages folder as a fallback.
    /// </summary>
    Dictionary<string, string?> UserEnvironment()
    {
        var home = Path.Combine(_root, "home");
        var userConfig = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "NuGet", "NuGet.Config");
        Directory.CreateDirectory(Path.Combine(home, ".nuget", "NuGet"));
        if (File.Exists(userConfig))
        {
            File.Copy(userConfig, Path.Combine(home, ".nuget", "NuGet", "NuGet.Config"));
        }

        var locals = ProcessRunner.Dotnet(new[] { "nuget", "locals", "global-packages", "--list" }, _root);
        locals.ExitCode.ShouldBe(0, locals.ToString());
        return new Dictionary<string, string?>
        {
            ["HOME"] = home,
            ["DOTNET_CLI_HOME"] = home,
            ["NUGET_PACKAGES"] = Path.Combine(_root, "packages"),
            ["NUGET_FALLBACK_PACKAGES"] = locals.StdOut.Trim().Split(':', 2)[1].Trim().TrimEnd('/'),
        };
    }
}
