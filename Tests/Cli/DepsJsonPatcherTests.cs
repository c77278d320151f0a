using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using GoTrace.Cli;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Cli;

/// <summary>DepsJsonPatcher and SolutionAssemblies on the deps.json of a real build (the verbose run's kept workspace).</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class DepsJsonPatcherTests
{
    static string BuiltDepsJson => Path.Combine(VerboseRunTests.Workspace, "artifacts", "bin", "SampleApp", "debug", "SampleApp.deps.json");

    static string AppDirectory => Path.Combine(VerboseRunTests.Workspace, "app");

    string _scratch = "";

    [OneTimeSetUp]
    public void CreateScratch() => _scratch = RepoPaths.NewTempDirectory("gotrace-cli-deps");

    [OneTimeTearDown]
    public void DeleteScratch() => Directory.Delete(_scratch, recursive: true);

    [Test]
    public void Adds_GoTrace_Runtime_as_a_project_library_and_keeps_everything_else()
    {
        var copy = CopyOf(BuiltDepsJson);
        var original = JsonNode.Parse(File.ReadAllText(copy))!;

        DepsJsonPatcher.AddRuntime(copy, "1.2.3").ShouldBeTrue();

        var patched = JsonNode.Parse(File.ReadAllText(copy))!;
        var runtimeTarget = patched["runtimeTarget"]!["name"]!.GetValue<string>();
        var target = patched["targets"]![runtimeTarget]!.AsObject();
        target["GoTrace.Runtime/1.2.3"]!["runtime"]!.AsObject().Select(asset => asset.Key)
            .ShouldBe(new[] { "GoTrace.Runtime.dll" });
        var library = patched["libraries"]!["GoTrace.Runtime/1.2.3"]!;
        library["type"]!.GetValue<string>().ShouldBe("project");
        library["serviceable"]!.GetValue<bool>().ShouldBeFalse();
        library["sha512"]!.GetValue<string>().ShouldBe("");

        foreach (var (key, value) in original["targets"]![runtimeTarget]!.AsObject())
        {
            JsonNode.DeepEquals(target[key], value).ShouldBeTrue(key);
        }

        patched["libraries"]!.AsObject().Select(entry => entry.Key).ShouldBe(
            new[] { "SampleApp/1.0.0", "SampleLib/1.0.0", "GoTrace.Runtime/1.2.3" }, ignoreOrder: true);
    }

    [Test]
    public void A_second_patch_changes_nothing()
    {
        var copy = CopyOf(BuiltDepsJson);
        DepsJsonPatcher.AddRuntime(copy, "1.2.3").ShouldBeTrue();
        var once = File.ReadAllText(copy);

        DepsJsonPatcher.AddRuntime(copy, "1.2.3").ShouldBeFalse();
        DepsJsonPatcher.AddRuntime(copy, "9.9.9").ShouldBeFalse();

        File.ReadAllText(copy).ShouldBe(once);
    }

    [Test]
    public void The_staged_app_lists_and_holds_the_runtime_gotrace_ships()
    {
        var depsJson = JsonNode.Parse(File.ReadAllText(Path.Combine(AppDirectory, "SampleApp.deps.json")))!;
        depsJson["libraries"]!.AsObject().ContainsKey("GoTrace.Runtime/" + TracerRuntime.Version).ShouldBeTrue();
        File.ReadAllBytes(Path.Combine(AppDirectory, "GoTrace.Runtime.dll"))
            .ShouldBe(File.ReadAllBytes(TracerRuntime.AssemblyPath));
    }

    [Test]
    public void The_solutions_assemblies_are_the_app_and_its_project_references()
    {
        SolutionAssemblies.Find(AppDirectory, "SampleApp.dll").Select(Path.GetFileName)
            .ShouldBe(new[] { "SampleApp.dll", "SampleLib.dll" });
    }

    [Test]
    public void Packages_and_the_framework_are_not_the_solutions_assemblies()
    {
        // gotrace's own deps.json lists NuGet packages (System.CommandLine, FodyHelpers) next to projects.
        var assemblies = SolutionAssemblies.Find(RepoPaths.TestOutput, "gotrace.dll").Select(Path.GetFileName).ToList();
        assemblies.ShouldContain("gotrace.dll");
        assemblies.ShouldContain("GoTrace.Fody.dll");
        assemblies.ShouldNotContain("GoTrace.Runtime.dll");
        assemblies.ShouldNotContain("System.CommandLine.dll");
        assemblies.ShouldNotContain("FodyHelpers.dll");
    }

    [Test]
    public void A_deps_json_that_already_lists_GoTrace_Runtime_is_left_alone()
    {
        var copy = CopyOf(Path.Combine(RepoPaths.TestOutput, "gotrace.deps.json"));
        var before = File.ReadAllText(copy);

        DepsJsonPatcher.AddRuntime(copy, "1.2.3").ShouldBeFalse();

        File.ReadAllText(copy).ShouldBe(before);
    }

    [Test]
    public void An_already_woven_assembly_is_refused_and_left_as_it_was()
    {
        var woven = Path.Combine(AppDirectory, "SampleApp.dll");
        var bytes = File.ReadAllBytes(woven);

        var result = AssemblyWeaver.Weave(woven, include: null, exclude: null);

        result.AlreadyWoven.ShouldBeTrue();
        result.Written.ShouldBeFalse();
        File.ReadAllBytes(woven).ShouldBe(bytes);
    }

    string CopyOf(string path)
    {
        var copy = Path.Combine(_scratch, System.Guid.NewGuid().ToString("N") + ".deps.json");
        File.Copy(path, copy);
        return copy;
    }
}
