using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Cli;

/// <summary>
/// <c>gotrace test</c> on what VSTest cannot run (a console app, a class library, a Microsoft.Testing.Platform
/// test project): one line and exit code 2, nothing run. An MTP test project runs with <c>gotrace run</c> instead.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class TestProjectCheckTests
{
    string _solution = "";
    string _mtp = "";
    string _scratch = "";
    ProcessResult _app = null!;
    ProcessResult _library = null!;
    ProcessResult _mtpTest = null!;
    ProcessResult _mtpRun = null!;

    [OneTimeSetUp]
    public void RunAll()
    {
        _solution = SampleSolution.Create();
        _mtp = SampleMtpTests.Create();
        _scratch = RepoPaths.NewTempDirectory("gotrace-cli-testcheck");
        var app = Task.Run(() => Gotrace.Run(new[] { "test", Path.Combine(_solution, "App") }, _scratch, _scratch));
        var library = Task.Run(() => Gotrace.Run(new[] { "test", Path.Combine(_solution, "Lib") }, _scratch, _scratch));
        var mtpTest = Task.Run(() => Gotrace.Run(new[] { "test", _mtp }, _scratch, _scratch));
        var mtpRun = Task.Run(() => Gotrace.Run(new[] { "run", _mtp, "--", "--filter", "FullyQualifiedName~Fails" }, _scratch, _scratch));
        Task.WaitAll(app, library, mtpTest, mtpRun);
        (_app, _library, _mtpTest, _mtpRun) = (app.Result, library.Result, mtpTest.Result, mtpRun.Result);
    }

    [OneTimeTearDown]
    public void Delete()
    {
        RepoPaths.DeleteDirectories(_solution, _mtp, _scratch);
    }

    [Test]
    public void A_console_app_is_not_a_test_project()
    {
        _app.ShouldBe(new ProcessResult(2, "",
            "gotrace: SampleApp.csproj is not a test project (it does not reference Microsoft.NET.Test.Sdk; use gotrace run for programs)\n"));
    }

    [Test]
    public void A_class_library_is_not_a_test_project()
    {
        _library.ShouldBe(new ProcessResult(2, "",
            "gotrace: SampleLib.csproj is not a test project (it does not reference Microsoft.NET.Test.Sdk; use gotrace run for programs)\n"));
    }

    [Test]
    public void A_testing_platform_project_is_refused_with_the_command_that_traces_it()
    {
        _mtpTest.ShouldBe(new ProcessResult(2, "",
            "gotrace: Mtp.Tests.csproj is a Microsoft.Testing.Platform test project, and gotrace test runs VSTest test projects; " +
            $"an MTP test project is a program: trace it with gotrace run {_mtp} -- <test options>\n"));
    }

    [Test]
    public void Gotrace_run_runs_a_testing_platform_project_with_its_arguments_and_exit_code()
    {
        // The filter left one failing test: MTP exits 2 (a test failed), and the tree has that test alone.
        _mtpRun.ExitCode.ShouldBe(2, _mtpRun.ToString());
        _mtpRun.StdOut.ShouldContain("failed: 1");
        _mtpRun.StdOut.ShouldContain("total: 1");
        var tree = _mtpRun.StdOut.Split('\n').SkipWhile(line => !line.StartsWith("TOTAL: ")).ToList();
        tree.ShouldContain(line => line.StartsWith("CalcTests.Fails "), _mtpRun.ToString());
        tree.ShouldContain(line => line.StartsWith("└── CalcTests.Add "));
        tree.ShouldNotContain(line => line.StartsWith("CalcTests.Adds "));
    }

    [Test]
    public void No_workspace_is_left_behind()
    {
        Directory.EnumerateDirectories(_scratch, "gotrace-*").ShouldBeEmpty();
    }
}
