using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Weaving;

/// <summary>
/// The user's road: a real `dotnet build` weaves AssemblyToProcess through Fody with the in-solution
/// weaver (WeaverFiles), in Debug and in Release; the woven program runs as a child process.
/// </summary>
[TestFixture("Debug")]
[TestFixture("Release")]
[NonParallelizable]
public sealed class BuildRoadTests
{
    private readonly string _configuration;
    private string _workspace = string.Empty;
    private string _wovenDll = string.Empty;
    private string _tracePath = string.Empty;
    private ProcessResult _woven = null!;
    private ProcessResult _original = null!;

    public BuildRoadTests(string configuration) => _configuration = configuration;

    internal static string WeaverPath => Path.Combine(RepoPaths.TestOutput, "GoTrace.Fody.dll");

    [OneTimeSetUp]
    public void BuildWovenAndRun()
    {
        _workspace = RepoPaths.NewTempDirectory("gotrace-buildroad");
        var build = Build(_workspace, _configuration, "-p:GoTraceWeave=true", $"-p:GoTraceWeaverPath={WeaverPath}");
        build.ExitCode.ShouldBe(0, build.ToString());
        _wovenDll = Path.Combine(_workspace, "bin", "AssemblyToProcess", _configuration.ToLowerInvariant(), "AssemblyToProcess.dll");
        _tracePath = Path.Combine(_workspace, "trace-{pid}.gotrace");
        _woven = ProcessRunner.Dotnet(new[] { _wovenDll }, _workspace, new Dictionary<string, string?> { ["GOTRACE_OUTPUT"] = _tracePath });
        _original = ProcessRunner.Dotnet(new[] { WovenAssembly.OriginalPath }, _workspace, new Dictionary<string, string?> { ["GOTRACE_OUTPUT"] = Path.Combine(_workspace, "unexpected.gotrace") });
    }

    [OneTimeTearDown]
    public void RemoveWorkspace()
    {
        RepoPaths.DeleteDirectories(_workspace);
    }

    [Test]
    public void Woven_program_prints_what_the_original_prints_and_exits_the_same()
    {
        _original.ExitCode.ShouldBe(0, _original.ToString());
        _woven.ExitCode.ShouldBe(_original.ExitCode, _woven.ToString());
        _woven.StdOut.ShouldBe(_original.StdOut);
        _original.StdOut.Split('\n').Length.ShouldBeGreaterThan(30);
    }

    [Test]
    public void Original_program_writes_no_trace()
    {
        File.Exists(Path.Combine(_workspace, "unexpected.gotrace")).ShouldBeFalse();
    }

    [Test]
    public void Runtime_says_where_the_trace_is_and_how_many_events_it_holds()
    {
        var trace = TraceFilePath();
        _woven.StdErr.ShouldMatch($@"gotrace: [\d,]+ events written to {System.Text.RegularExpressions.Regex.Escape(trace)}");
        using var file = TraceFile.Open(trace);
        file.IsComplete.ShouldBeTrue();
    }

    [Test]
    public void Each_case_thread_holds_one_enter_and_one_exit_per_call()
    {
        using var trace = TraceFile.Open(TraceFilePath());
        var mismatches = new List<string>();
        foreach (var name in CaseCatalog.Names.Where(n => !CaseCatalog.RunsOnAnyThread(n)))
        {
            var thread = trace.ThreadsNamed("case:" + name).ShouldHaveSingleItem(name);
            var actual = trace.BalancedCalls(thread).Describe();
            var expected = CaseCatalog.ExpectedCalls(name).Describe();
            if (actual != expected)
            {
                mismatches.Add($"{name}:\n  expected\n{expected}\n  actual\n{actual}");
            }
        }

        mismatches.ShouldBeEmpty();
    }

    [Test]
    public void Every_thread_of_the_process_is_balanced()
    {
        using var trace = TraceFile.Open(TraceFilePath());
        trace.AllBalancedCalls().ShouldContainKey("AssemblyToProcess.Program.Main");
    }

    [Test]
    public void Tiny_members_are_counted_and_everything_else_is_timed()
    {
        using var trace = TraceFile.Open(TraceFilePath());
        TinyMemberTable.Mismatches(trace).ShouldBeEmpty();
    }

    [Test]
    public void Counted_getter_called_a_million_times_shows_its_exact_count_in_the_tree()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        ReportCommand.Run(new[] { TraceFilePath(), "--focus", "Cases.TinyMembers" }, stdout, stderr).ShouldBe(0, stderr.ToString());

        stdout.ToString().Split('\n').ShouldContain(line => line.Contains("Particle.Moving.get") && line.TrimEnd().EndsWith("×1000000"), stdout.ToString());
    }

    /// <summary>
    /// How deep a recursion goes woven and unwoven on the same 4 MiB thread stack (AssemblyToProcess --stack-depth):
    /// in tier-0 code (how a deep recursion starts) a woven frame takes no more stack than the original in Release;
    /// in Debug it adds the tracer's token. Fully optimized frames are reported, not asserted (docs/weaving.md).
    /// </summary>
    [Test]
    public void Woven_recursion_goes_as_deep_as_the_original_in_tier0_code()
    {
        var rounds = new Dictionary<string, Dictionary<string, double>>();
        foreach (var (mode, environment) in new[]
        {
            ("tiered", new Dictionary<string, string?> { ["DOTNET_TC_CallCountingDelayMs"] = "0" }),
            ("optimized", new Dictionary<string, string?> { ["DOTNET_TieredCompilation"] = "0" }),
        })
        {
            environment["GOTRACE_OUTPUT"] = Path.Combine(_workspace, $"depth-{mode}.gotrace");
            var run = ProcessRunner.Dotnet(new[] { _wovenDll, "--stack-depth" }, _workspace, environment);
            run.ExitCode.ShouldBe(0, run.ToString().Length > 2000 ? run.ToString().Substring(0, 2000) : run.ToString());
            foreach (var line in run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var fields = line.Split(' ').Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]);
                rounds[$"{mode}/{fields["round"]}"] = fields.Where(f => f.Key != "round")
                    .ToDictionary(f => f.Key, f => double.Parse(f.Value, System.Globalization.CultureInfo.InvariantCulture));
                TestContext.Out.WriteLine($"{_configuration} {mode}: {line}");
            }
        }

        var cold = rounds["tiered/cold"];
        var ratio = cold["traced_max_depth"] / cold["untraced_max_depth"];
        ratio.ShouldBeGreaterThanOrEqualTo(_configuration == "Release" ? 0.99 : 0.74,
            $"traced {cold["traced_bytes_per_frame"]} B/frame, untraced {cold["untraced_bytes_per_frame"]} B/frame");
        rounds.Where(r => r.Key.EndsWith("/warm")).ShouldAllBe(r => r.Value["reached"] > 0);
    }

    [Test]
    public void Functions_carry_their_source_file_and_line()
    {
        using var trace = TraceFile.Open(TraceFilePath());
        var main = trace.Functions.Single(f => f.FullName == "AssemblyToProcess.Program.Main");
        main.File.ShouldEndWith("Program.cs");
        main.Line.ShouldBeGreaterThan(0);
    }

    private string TraceFilePath() =>
        Directory.GetFiles(_workspace, "trace-*.gotrace").ShouldHaveSingleItem();

    internal static ProcessResult Build(string workspace, string configuration, params string[] properties)
    {
        var arguments = new List<string>
        {
            "build", RepoPaths.InRepo("AssemblyToProcess", "AssemblyToProcess.csproj"), "-c", configuration,
            "-p:UseArtifactsOutput=true", $"-p:ArtifactsPath={workspace}", "-nologo", "-v:m",
        };
        arguments.AddRange(properties);
        return ProcessRunner.Dotnet(arguments, workspace);
    }
}

/// <summary>A broken FodyWeavers.xml stops a real build with a message naming the problem.</summary>
[TestFixture]
public sealed class BuildRoadConfigErrorTests
{
    [TestCase("<GoTrace Include='[Broken' />", "Include: '[Broken' is not a filter: expected [AssemblyGlob]TypeGlob")]
    [TestCase("<GoTrace Exclude='*.Generated.*' Inclued='*' />", "unknown attribute 'Inclued' on <GoTrace>: expected Include, Exclude or TinyMembers")]
    public void Bad_configuration_fails_the_build_naming_it(string element, string message)
    {
        var (program, build) = TracedProgram.TryBuild("badconfig", "System.Console.WriteLine(1);", $"<Weavers>{element}</Weavers>");
        try
        {
            build.ExitCode.ShouldNotBe(0);
            build.StdOut.ShouldContain(message);
            File.Exists(program.Dll).ShouldBeFalse();
        }
        finally
        {
            Directory.Delete(program.Directory, recursive: true);
        }
    }
}
