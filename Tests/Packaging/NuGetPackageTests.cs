using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Packaging;

/// <summary>
/// The Fody road as a user takes it: a brand-new console project, <c>dotnet add package GoTrace.Fody</c> from
/// a local feed, FodyWeavers.xml, <c>dotnet build</c>, run, and <c>gotrace-report</c> installed from the same
/// feed reads the trace; then <c>dotnet build -p:GoTrace=false</c> builds an untraced program, and a
/// build without the property traces again. Last, with a second weaver configured beside GoTrace,
/// <c>-p:GoTrace=false</c> still runs that weaver and only GoTrace's weaving is off.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class NuGetPackageTests
{
    const string Output = "hello package\nmarker weaver ran: False\n";

    /// <summary>A second Fody weaver, as another add-in package would bring: it adds a type named MarkerWoven.</summary>
    const string MarkerWeaverSource = """
        using System.Collections.Generic;
        using Fody;
        using Mono.Cecil;

        public sealed class ModuleWeaver : BaseModuleWeaver
        {
            public override void Execute() => ModuleDefinition.Types.Add(new TypeDefinition(
                "", "MarkerWoven", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed, TypeSystem.ObjectReference));

            public override IEnumerable<string> GetAssembliesForScanning() => new string[0];
        }
        """;

    const string ProgramSource = """
        using System;

        namespace HelloTrace;

        public static class Program
        {
            public static void Main(string[] args)
            {
                Console.WriteLine(Greeter.Greet(args.Length > 0 ? args[0] : "package"));
                Console.WriteLine("marker weaver ran: " + (typeof(Program).Assembly.GetType("MarkerWoven") != null));
            }
        }

        public static class Greeter
        {
            public static string Greet(string who) => "hello " + who;
        }
        """;

    string _root = "";
    LocalFeed _feed = null!;
    string _project = "";
    string _tools = "";
    readonly Dictionary<string, ProcessResult> _steps = new();

    [OneTimeSetUp]
    public void PackConsumeAndBuild()
    {
        _root = RepoPaths.NewTempDirectory("gotrace-nuget");
        _feed = LocalFeed.Create(_root);
        _project = Path.Combine(_root, "HelloTrace");
        _tools = Path.Combine(_root, "tools");

        Step("new", "new", "console", "-o", _project, "-n", "HelloTrace");
        File.WriteAllText(Path.Combine(_project, "Program.cs"), ProgramSource);
        Step("add package", "add", _project, "package", "GoTrace.Fody", "--version", _feed.Version);
        File.WriteAllText(Path.Combine(_project, "FodyWeavers.xml"), "<Weavers>\n  <GoTrace />\n</Weavers>\n");

        Step("build", "build", _project, "-nologo", "-v:n");
        Run("traced");
        Step("install gotrace-report", "tool", "install", "--tool-path", _tools, "--add-source", _feed.FeedDirectory,
            "GoTrace.Reporter", "--version", _feed.Version);
        _steps["report"] = ProcessRunner.Run(Path.Combine(_tools, "gotrace-report"), new[] { TracePath("traced") }, _root, _feed.Environment);

        Step("build untraced", "build", _project, "-nologo", "-v:n", "-p:GoTrace=false");
        Run("untraced");
        Step("build traced again", "build", _project, "-nologo");
        Run("traced again");

        AddMarkerWeaver();
        Step("build untraced with another weaver", "build", _project, "-nologo", "-v:n", "-p:GoTrace=false");
        Run("untraced with another weaver");
    }

    [OneTimeTearDown]
    public void Delete()
    {
        RepoPaths.DeleteDirectories(_root);
    }

    [Test]
    public void GoTrace_Fody_has_Fodys_add_in_layout()
    {
        using var package = ZipFile.OpenRead(_feed.Package("GoTrace.Fody"));
        var entries = package.Entries.Select(entry => entry.FullName).ToList();

        entries.ShouldContain("weaver/GoTrace.Fody.dll");
        entries.ShouldContain("weaver/GoTrace.Fody.xcf");
        entries.ShouldContain("build/GoTrace.Fody.props");
        entries.ShouldContain("build/GoTrace.Fody.targets");
        entries.ShouldContain("lib/netstandard2.0/GoTrace.Runtime.dll");
        entries.ShouldContain("lib/net10.0/GoTrace.Runtime.dll");
        entries.ShouldNotContain(entry => entry.StartsWith("lib/") && entry.EndsWith("GoTrace.Fody.dll"));
    }

    [Test]
    public void GoTrace_Fody_depends_on_Fody_with_its_build_assets()
    {
        var nuspec = Nuspec(_feed.Package("GoTrace.Fody"));
        var dependencies = nuspec.Descendants().Where(element => element.Name.LocalName == "dependency").ToList();

        dependencies.ShouldNotBeEmpty();
        dependencies.ShouldAllBe(dependency => (string?)dependency.Attribute("id") == "Fody"
            && (string?)dependency.Attribute("version") == "6.9.3"
            && (string?)dependency.Attribute("include") == "All");
    }

    [TestCase("GoTrace.Fody")]
    [TestCase("GoTrace.Cli")]
    [TestCase("GoTrace.Reporter")]
    public void Every_package_carries_its_readme(string id)
    {
        var readme = Nuspec(_feed.Package(id)).Descendants().SingleOrDefault(element => element.Name.LocalName == "readme");

        readme.ShouldNotBeNull($"{id} has no readme (dotnet pack warns about it)");
        using var package = ZipFile.OpenRead(_feed.Package(id));
        package.Entries.ShouldContain(entry => entry.FullName == readme.Value);
    }

    [TestCase("GoTrace.Cli", "gotrace", "gotrace.dll")]
    [TestCase("GoTrace.Reporter", "gotrace-report", "gotrace-report.dll")]
    public void The_tools_are_dotnet_tool_packages(string id, string command, string entryPoint)
    {
        using var package = ZipFile.OpenRead(_feed.Package(id));
        var settings = package.Entries.Single(entry => entry.FullName.EndsWith("/DotnetToolSettings.xml"));
        using var stream = settings.Open();
        var command_ = XDocument.Load(stream).Descendants("Command").Single();

        ((string?)command_.Attribute("Name")).ShouldBe(command);
        ((string?)command_.Attribute("EntryPoint")).ShouldBe(entryPoint);
        if (id == "GoTrace.Cli")
        {
            package.Entries.ShouldContain(entry => entry.FullName.EndsWith("/runtime/netstandard2.0/GoTrace.Runtime.dll"));
        }
    }

    [Test]
    public void The_added_package_references_GoTrace_Fody_and_brings_Fody()
    {
        File.ReadAllText(Path.Combine(_project, "HelloTrace.csproj")).ShouldContain($"<PackageReference Include=\"GoTrace.Fody\" Version=\"{_feed.Version}\" />");
        Directory.Exists(Path.Combine(_feed.PackagesDirectory, "fody", "6.9.3")).ShouldBeTrue();
        _steps["build"].StdOut.ShouldContain("Fody/GoTrace", customMessage: _steps["build"].ToString());
    }

    [Test]
    public void The_built_program_writes_a_trace_that_gotrace_report_reads()
    {
        _steps["traced"].StdOut.ShouldBe(Output, _steps["traced"].ToString());
        File.Exists(TracePath("traced")).ShouldBeTrue();

        var report = _steps["report"];
        report.ExitCode.ShouldBe(0, report.ToString());
        report.StdOut.ShouldStartWith("TOTAL: ");
        report.StdOut.ShouldContain("Program.Main");
        report.StdOut.ShouldContain("└── Greeter.Greet");
    }

    [Test]
    public void With_GoTrace_false_the_build_is_untraced()
    {
        _steps["build untraced"].StdOut.ShouldNotContain("Fody/GoTrace", customMessage: _steps["build untraced"].ToString());
        _steps["untraced"].StdOut.ShouldBe(Output, _steps["untraced"].ToString());
        _steps["untraced"].StdErr.ShouldBeEmpty();
        File.Exists(TracePath("untraced")).ShouldBeFalse();
    }

    [Test]
    public void Building_again_without_the_property_traces_again()
    {
        _steps["traced again"].StdOut.ShouldBe(Output, _steps["traced again"].ToString());
        File.Exists(TracePath("traced again")).ShouldBeTrue();
    }

    [Test]
    public void With_GoTrace_false_other_weavers_still_run()
    {
        var build = _steps["build untraced with another weaver"];
        build.StdOut.ShouldContain("Fody/Marker", customMessage: build.ToString());
        var run = _steps["untraced with another weaver"];
        run.StdOut.ShouldBe("hello package\nmarker weaver ran: True\n", run.ToString());
        File.Exists(TracePath("untraced with another weaver")).ShouldBeFalse();
    }

    /// <summary>Builds the marker weaver and configures it beside GoTrace, as a second add-in package would.</summary>
    void AddMarkerWeaver()
    {
        var marker = Path.Combine(_root, "Marker");
        Directory.CreateDirectory(marker);
        File.WriteAllText(Path.Combine(marker, "Marker.Fody.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>netstandard2.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="FodyHelpers" Version="6.9.3" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(marker, "ModuleWeaver.cs"), MarkerWeaverSource);
        var output = Path.Combine(marker, "out");
        Step("build marker weaver", "build", marker, "-nologo", "-o", output);

        var projectFile = Path.Combine(_project, "HelloTrace.csproj");
        File.WriteAllText(projectFile, File.ReadAllText(projectFile).Replace("</Project>",
            $"  <ItemGroup>\n    <WeaverFiles Include=\"{Path.Combine(output, "Marker.Fody.dll")}\" />\n  </ItemGroup>\n</Project>"));
        File.WriteAllText(Path.Combine(_project, "FodyWeavers.xml"), "<Weavers>\n  <GoTrace />\n  <Marker />\n</Weavers>\n");
    }

    string TracePath(string run) => Path.Combine(_root, run.Replace(' ', '-') + ".gotrace");

    void Step(string name, params string[] arguments)
    {
        var result = ProcessRunner.Dotnet(arguments, _root, _feed.Environment);
        result.ExitCode.ShouldBe(0, $"{name}: {result}");
        _steps[name] = result;
    }

    void Run(string name)
    {
        var environment = new Dictionary<string, string?>(_feed.Environment) { ["GOTRACE_OUTPUT"] = TracePath(name) };
        var dll = Path.Combine(_project, "bin", "Debug", "net10.0", "HelloTrace.dll");
        var result = ProcessRunner.Dotnet(new[] { dll }, _root, environment);
        result.ExitCode.ShouldBe(0, $"{name}: {result}");
        _steps[name] = result;
    }

    static XDocument Nuspec(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        using var stream = zip.Entries.Single(entry => entry.FullName.EndsWith(".nuspec")).Open();
        return XDocument.Load(stream);
    }
}
