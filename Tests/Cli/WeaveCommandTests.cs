using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using GoTrace.Cli;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Cli;

/// <summary>
/// <c>gotrace weave</c> on a published app that uses Newtonsoft.Json: by default only the app's own assembly
/// is woven; <c>--include '[Newtonsoft.Json]*'</c> weaves the package too; weaving twice is refused.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class WeaveCommandTests
{
    const string AppDll = "JsonApp.dll";

    string _root = "";
    string _publish = "";
    IReadOnlyList<string> _publishedBefore = null!;
    ProcessResult _untraced = null!;

    [OneTimeSetUp]
    public void Publish()
    {
        _root = RepoPaths.NewTempDirectory("gotrace-cli-weave");
        _publish = SampleJsonApp.Publish(_root);
        _publishedBefore = TreeSnapshot.Take(_publish);
        _untraced = RunApp(_publish, "untraced");
    }

    [OneTimeTearDown]
    public void Delete() => Directory.Delete(_root, recursive: true);

    [Test]
    public void The_untraced_app_works_and_writes_no_trace()
    {
        _untraced.ExitCode.ShouldBe(0, _untraced.ToString());
        _untraced.StdOut.ShouldContain("customer: Ada");
        File.Exists(TracePath("untraced")).ShouldBeFalse();
    }

    [Test]
    public void By_default_the_apps_own_assembly_is_woven_and_the_package_is_not()
    {
        var woven = Path.Combine(_root, "default");
        var weave = Gotrace.Run(new[] { "weave", _publish, "-o", woven }, _root);

        weave.ExitCode.ShouldBe(0, weave.ToString());
        weave.StdOut.ShouldMatch(@"wove \d+ methods in JsonApp\.dll \(");
        var run = RunApp(woven, "default");
        run.StdOut.ShouldBe(_untraced.StdOut, run.ToString());
        run.ExitCode.ShouldBe(0);
        using var trace = TraceFile.Open(TracePath("default"));
        var calls = trace.AllBalancedCalls();
        calls.Keys.ShouldContain("JsonApp.Program.Main", calls.Describe());
        calls.Keys.ShouldContain("JsonApp.Program.Serialize");
        calls.Keys.ShouldNotContain(name => name.StartsWith("Newtonsoft."), calls.Describe());
        trace.Functions.ShouldNotContain(function => function.AssemblyName == "Newtonsoft.Json");
    }

    [Test]
    public void Include_naming_the_package_weaves_it_too()
    {
        var woven = Path.Combine(_root, "with-package");
        var weave = Gotrace.Run(new[] { "weave", _publish, "-o", woven, "--include", "[JsonApp]*|[Newtonsoft.Json]*" }, _root);

        weave.ExitCode.ShouldBe(0, weave.ToString());
        weave.StdOut.ShouldMatch(@"wove \d+ methods in JsonApp\.dll, Newtonsoft\.Json\.dll \(");
        var run = RunApp(woven, "with-package");
        run.StdOut.ShouldBe(_untraced.StdOut, run.ToString());
        using var trace = TraceFile.Open(TracePath("with-package"));
        var calls = trace.AllBalancedCalls();
        calls.Keys.ShouldContain("JsonApp.Program.Serialize", calls.Describe());
        calls.Keys.ShouldContain("Newtonsoft.Json.JsonConvert.SerializeObject");
        calls.Keys.ShouldContain("Newtonsoft.Json.JsonConvert.DeserializeObject<T>");
        trace.Functions.ShouldContain(function => function.AssemblyName == "Newtonsoft.Json" && function.IsCounted);
    }

    [Test]
    public void Tiny_members_time_option_times_them_like_any_method()
    {
        var woven = Path.Combine(_root, "timed");
        var weave = Gotrace.Run(new[] { "weave", _publish, "-o", woven, "--include", "[JsonApp]*|[Newtonsoft.Json]*", "--tiny-members", "time" }, _root);

        weave.ExitCode.ShouldBe(0, weave.ToString());
        RunApp(woven, "timed").StdOut.ShouldBe(_untraced.StdOut);
        using var trace = TraceFile.Open(TracePath("timed"));
        trace.Functions.Count(function => function.AssemblyName == "Newtonsoft.Json").ShouldBeGreaterThan(1000);
        trace.Functions.ShouldNotContain(function => function.IsCounted);
    }

    [Test]
    public void The_woven_copy_loads_GoTrace_Runtime_through_its_deps_json_and_the_original_is_untouched()
    {
        var woven = Path.Combine(_root, "copy");
        Gotrace.Run(new[] { "weave", _publish, "-o", woven }, _root).ExitCode.ShouldBe(0);

        File.Exists(Path.Combine(woven, "GoTrace.Runtime.dll")).ShouldBeTrue();
        var depsJson = JsonNode.Parse(File.ReadAllText(Path.Combine(woven, "JsonApp.deps.json")))!;
        depsJson["libraries"]!.AsObject().Select(library => library.Key).ShouldContain(key => key.StartsWith("GoTrace.Runtime/"));
        TreeSnapshot.Take(_publish).ShouldBe(_publishedBefore);
    }

    [Test]
    public void Weaving_in_place_through_the_assembly_path_works()
    {
        var inPlace = Path.Combine(_root, "in-place");
        AppStager.CopyDirectory(_publish, inPlace);

        var weave = Gotrace.Run(new[] { "weave", Path.Combine(inPlace, AppDll) }, _root);

        weave.ExitCode.ShouldBe(0, weave.ToString());
        RunApp(inPlace, "in-place").StdOut.ShouldBe(_untraced.StdOut);
        File.Exists(TracePath("in-place")).ShouldBeTrue();
    }

    [Test]
    public void Weaving_twice_is_refused_and_changes_nothing()
    {
        var woven = Path.Combine(_root, "twice");
        Gotrace.Run(new[] { "weave", _publish, "-o", woven }, _root).ExitCode.ShouldBe(0);
        var before = TreeSnapshot.Take(woven);

        var again = Gotrace.Run(new[] { "weave", woven }, _root);

        again.ExitCode.ShouldBe(2, again.ToString());
        again.StdErr.ShouldBe($"gotrace: JsonApp.dll in {woven} is already woven by GoTrace; weave the original build or publish output instead\n");
        again.StdOut.ShouldBeEmpty();
        TreeSnapshot.Take(woven).ShouldBe(before);
    }

    string TracePath(string name) => Path.Combine(_root, name + ".gotrace");

    ProcessResult RunApp(string directory, string traceName) =>
        ProcessRunner.Dotnet(new[] { Path.Combine(directory, AppDll) }, _root, new Dictionary<string, string?>
        {
            ["GOTRACE_OUTPUT"] = TracePath(traceName),
            ["GOTRACE_QUIET"] = "1",
        });
}
