using System.IO;
using System.Threading.Tasks;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Cli;

/// <summary>
/// <c>gotrace run --include</c> on a project that references GoTrace.Fody, so that Fody weaves it during the build:
/// gotrace builds it with <c>-p:GoTrace=false</c> and weaves it itself, with the filter. A project that weaves
/// through Fody some other way, which that property does not switch off, is refused in one line.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class FodyProjectFilterTests
{
    const string ProgramSource = """
        using System;

        namespace App;

        public static class Program
        {
            public static void Main() => Console.WriteLine(Keep.Work() + Other.Work());
        }

        public static class Keep
        {
            public static int Work() => 1;
        }

        public static class Other
        {
            public static int Work() => 2;
        }
        """;

    string _root = "";
    ProcessResult _package = null!;
    ProcessResult _ownWeaving = null!;

    [OneTimeSetUp]
    public void RunBoth()
    {
        _root = RepoPaths.NewTempDirectory("gotrace-fody-filter");
        var package = Project("Package", importGoTraceTargets: true);
        var own = Project("Own", importGoTraceTargets: false);
        var runs = new[]
        {
            Task.Run(() => Gotrace.Run(new[] { "run", package, "--include", "[App]App.Keep" }, _root)),
            Task.Run(() => Gotrace.Run(new[] { "run", own, "--include", "[App]App.Keep" }, _root)),
        };
        Task.WaitAll(runs);
        (_package, _ownWeaving) = (runs[0].Result, runs[1].Result);
    }

    [OneTimeTearDown]
    public void Delete() => RepoPaths.DeleteDirectories(_root);

    [Test]
    public void The_filter_applies_to_a_GoTrace_Fody_project()
    {
        _package.ExitCode.ShouldBe(0, _package.ToString());
        _package.StdOut.ShouldContain("3\n");
        _package.StdOut.ShouldContain("Keep.Work");
        _package.StdOut.ShouldNotContain("Other.Work");
        _package.StdOut.ShouldNotContain("Program.Main");
    }

    [Test]
    public void A_project_woven_some_other_way_is_refused_in_one_line()
    {
        _ownWeaving.ExitCode.ShouldBe(2, _ownWeaving.ToString());
        _ownWeaving.StdOut.ShouldBeEmpty();
        _ownWeaving.StdErr.ShouldBe("gotrace: App.dll is woven by Fody during its own build and -p:GoTrace=false does not switch that off, " +
            "so --include and --exclude cannot apply; set Include/Exclude in its FodyWeavers.xml instead\n");
    }

    /// <summary>
    /// A console app that weaves itself with GoTrace through Fody: with GoTrace.Fody's build targets, as the package
    /// brings them (the GoTrace property), or with the weaver alone.
    /// </summary>
    string Project(string name, bool importGoTraceTargets)
    {
        var directory = Path.Combine(_root, name);
        Directory.CreateDirectory(directory);
        var output = RepoPaths.TestOutput;
        var targets = importGoTraceTargets
            ? $"""  <Import Project="{RepoPaths.InRepo("GoTrace.Fody", "build", "GoTrace.Fody.targets")}" />"""
            : "";
        File.WriteAllText(Path.Combine(directory, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <RootNamespace>App</RootNamespace>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Fody" Version="6.9.3" PrivateAssets="all" />
                <WeaverFiles Include="{Path.Combine(output, "GoTrace.Fody.dll")}" />
                <Reference Include="GoTrace.Runtime" HintPath="{Path.Combine(output, "GoTrace.Runtime.dll")}" />
              </ItemGroup>
            {targets}
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "FodyWeavers.xml"), "<Weavers>\n  <GoTrace />\n</Weavers>\n");
        File.WriteAllText(Path.Combine(directory, "Program.cs"), ProgramSource);
        return directory;
    }
}
