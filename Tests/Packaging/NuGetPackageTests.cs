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
/// Beside it, a stricter setup: Central Package Management (the version in Directory.Packages.props), a class
/// library woven with <c>PrivateAssets="all"</c> on GoTrace.Fody, <c>TreatWarningsAsErrors</c>, a method the weaver
/// must leave untraced (the second weaver adds one that uses <c>jmp</c>), and an app that references the library.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class NuGetPackageTests
{
    const string Output = "hello package\nmarker weaver ran: False\n";

    /// <summary>
    /// A second Fody weaver, as another add-in package would bring: it adds a type named MarkerWoven, with a method
    /// that uses <c>jmp</c> (which C# never emits, and GoTrace cannot wrap).
    /// </summary>
    const string MarkerWeaverSource = """
        using System.Collections.Generic;
        using Fody;
        using Mono.Cecil;
        using Mono.Cecil.Cil;

        public sealed class ModuleWeaver : BaseModuleWeaver
        {
            public override void Execute()
            {
                var type = new TypeDefinition("", "MarkerWoven", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed, TypeSystem.ObjectReference);
                var target = new MethodDefinition("Target", MethodAttributes.Public | MethodAttributes.Static, TypeSystem.VoidReference);
                target.Body.Instructions.Add(Instruction.Create(OpCodes.Ret));
                var jumper = new MethodDefinition("Jumper", MethodAttributes.Public | MethodAttributes.Static, TypeSystem.VoidReference);
                jumper.Body.Instructions.Add(Instruction.Create(OpCodes.Jmp, target));
                type.Methods.Add(target);
                type.Methods.Add(jumper);
                ModuleDefinition.Types.Add(type);
            }

            public override IEnumerable<string> GetAssembliesForScanning() => new string[0];
        }
        """;

    const string LibrarySource = """
        namespace StrictLib;

        public static class Greeter
        {
            public static string Greet(string who) => "hello " + who;
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
    string _markerWeaver = "";
    string _strict = "";
    readonly Dictionary<string, ProcessResult> _steps = new();

    [OneTimeSetUp]
    public void PackConsumeAndBuild()
    {
        _root = RepoPaths.NewTempDirectory("gotrace-nuget");
        _feed = LocalFeed.Create(_root);
        _project = Path.Combine(_root, "HelloTrace");
        _tools = Path.Combine(_root, "tools");
        _markerWeaver = BuildMarkerWeaver();

        CreateStrictSolution();
        Step("build strict", "build", Path.Combine(_strict, "App"), "-nologo");
        _steps["strict"] = ProcessRunner.Dotnet(new[] { Path.Combine(_strict, "App", "bin", "Debug", "net10.0", "StrictApp.dll") }, _root,
            new Dictionary<string, string?>(_feed.Environment) { ["GOTRACE_OUTPUT"] = TracePath("strict") });

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
    public void With_TreatWarningsAsErrors_a_method_left_untraced_does_not_fail_the_build_and_is_still_said()
    {
        var build = _steps["build strict"];
        build.StdOut.ShouldNotContain(": warning", Case.Insensitive, build.ToString());
        build.StdOut.ShouldContain("MarkerWoven::Jumper() is not traced: it uses the jmp instruction", customMessage: build.ToString());
    }

    [Test]
    public void Weaving_says_what_it_did_at_the_default_build_verbosity()
    {
        var build = _steps["build strict"];
        build.StdOut.ShouldMatch(@"Fody/GoTrace: traced \d+ methods? of StrictLib \(\d+ tiny members? counted, not timed\), skipped \d+", build.ToString());
    }

    [Test]
    public void With_central_package_management_and_PrivateAssets_all_an_app_runs_the_woven_library()
    {
        var run = _steps["strict"];
        run.ExitCode.ShouldBe(0, run.ToString());
        run.StdOut.ShouldBe("hello strict\n", run.ToString());
        using var trace = GoTrace.Reporter.TraceFile.Open(TracePath("strict"));
        trace.AllBalancedCalls().ShouldContainKey("StrictLib.Greeter.Greet");
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

    /// <summary>
    /// Directory.Packages.props with GoTrace.Fody's version; StrictLib, a class library that references it with
    /// PrivateAssets="all", treats warnings as errors and runs the marker weaver before GoTrace; StrictApp, which
    /// references the library and not GoTrace.Fody.
    /// </summary>
    void CreateStrictSolution()
    {
        _strict = Path.Combine(_root, "Strict");
        Directory.CreateDirectory(Path.Combine(_strict, "Lib"));
        Directory.CreateDirectory(Path.Combine(_strict, "App"));
        File.WriteAllText(Path.Combine(_strict, "Directory.Packages.props"), $"""
            <Project>
              <PropertyGroup>
                <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageVersion Include="GoTrace.Fody" Version="{_feed.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(_strict, "Lib", "StrictLib.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="GoTrace.Fody" PrivateAssets="all" />
                <WeaverFiles Include="{_markerWeaver}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(_strict, "Lib", "FodyWeavers.xml"), "<Weavers>\n  <Marker />\n  <GoTrace />\n</Weavers>\n");
        File.WriteAllText(Path.Combine(_strict, "Lib", "Greeter.cs"), LibrarySource);
        File.WriteAllText(Path.Combine(_strict, "App", "StrictApp.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="../Lib/StrictLib.csproj" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(_strict, "App", "Program.cs"), "System.Console.WriteLine(StrictLib.Greeter.Greet(\"strict\"));\n");
    }

    /// <summary>Builds the marker weaver; returns its assembly.</summary>
    string BuildMarkerWeaver()
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
        return Path.Combine(output, "Marker.Fody.dll");
    }

    /// <summary>Configures the marker weaver beside GoTrace, as a second add-in package would.</summary>
    void AddMarkerWeaver()
    {
        var projectFile = Path.Combine(_project, "HelloTrace.csproj");
        File.WriteAllText(projectFile, File.ReadAllText(projectFile).Replace("</Project>",
            $"  <ItemGroup>\n    <WeaverFiles Include=\"{_markerWeaver}\" />\n  </ItemGroup>\n</Project>"));
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
