using System.Collections.Generic;
using System.IO;
using Shouldly;

namespace Tests.Support;

/// <summary>
/// A small console program written into a temp directory and built by `dotnet build` with Fody and the
/// in-solution weaver, the way a user's project is: FodyWeavers.xml, a Fody package reference,
/// GoTrace.Runtime referenced by path.
/// </summary>
public sealed class TracedProgram
{
    private TracedProgram(string directory, string dll)
    {
        Directory = directory;
        Dll = dll;
    }

    public string Directory { get; }

    public string Dll { get; }

    /// <summary>Builds <paramref name="programSource"/> (Program.cs) woven; fails the test if the build fails.</summary>
    public static TracedProgram Build(
        string name, string programSource, string weaversXml = "<Weavers><GoTrace /></Weavers>", string configuration = "Debug",
        IReadOnlyDictionary<string, string>? otherFiles = null)
    {
        var (program, build) = TryBuild(name, programSource, weaversXml, configuration, otherFiles);
        build.ExitCode.ShouldBe(0, build.ToString());
        return program;
    }

    /// <summary>Builds like <see cref="Build"/> and hands back the build's outcome, whatever it is.</summary>
    /// <remarks><paramref name="otherFiles"/>: more source files, by file name.</remarks>
    public static (TracedProgram Program, ProcessResult Build) TryBuild(
        string name, string programSource, string weaversXml, string configuration = "Debug", IReadOnlyDictionary<string, string>? otherFiles = null)
    {
        var directory = RepoPaths.NewTempDirectory("gotrace-" + name);
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Fody" Version="6.9.3" PrivateAssets="all" />
                <WeaverFiles Include="{Path.Combine(RepoPaths.TestOutput, "GoTrace.Fody.dll")}" />
                <Reference Include="GoTrace.Runtime" HintPath="{Path.Combine(RepoPaths.TestOutput, "GoTrace.Runtime.dll")}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "FodyWeavers.xml"), weaversXml);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), programSource);
        foreach (var (fileName, source) in otherFiles ?? new Dictionary<string, string>())
        {
            File.WriteAllText(Path.Combine(directory, fileName), source);
        }
        var build = ProcessRunner.Dotnet(new[] { "build", "-c", configuration, "-o", Path.Combine(directory, "out"), "-nologo", "-v:m" }, directory);
        return (new TracedProgram(directory, Path.Combine(directory, "out", name + ".dll")), build);
    }

    /// <summary>Runs the woven program with extra environment variables.</summary>
    public ProcessResult Run(IEnumerable<string> arguments, IDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var all = new List<string> { Dll };
        all.AddRange(arguments);
        return ProcessRunner.Dotnet(all, workingDirectory ?? Directory, environment);
    }
}
