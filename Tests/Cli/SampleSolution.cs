using System.IO;
using Tests.Support;

namespace Tests.Cli;

/// <summary>
/// A user's solution written into a temp folder: a console app (SampleApp) with a ProjectReference to a
/// library (SampleLib), and a Directory.Build.props of its own.
/// </summary>
public static class SampleSolution
{
    public const string ProgramSource = """
        using System;
        using System.Threading;

        namespace SampleApp;

        public static class Program
        {
            public static int Main(string[] args)
            {
                Console.WriteLine("args: " + string.Join(",", args));
                Console.WriteLine("cwd: " + Environment.CurrentDirectory);
                Console.WriteLine(SampleLib.Greeter.Greet("gotrace"));
                Nap();
                return 3;
            }

            static void Nap() => Thread.Sleep(50);
        }
        """;

    /// <summary>Creates the solution; returns its root (App/ and Lib/ below it).</summary>
    public static string Create(string programSource = ProgramSource)
    {
        var root = RepoPaths.NewTempDirectory("gotrace-cli-sample");
        Write(root, "Directory.Build.props", """
            <Project>
              <PropertyGroup>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
            </Project>
            """);
        Write(root, "App/SampleApp.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="../Lib/SampleLib.csproj" />
              </ItemGroup>
            </Project>
            """);
        Write(root, "App/Program.cs", programSource);
        Write(root, "Lib/SampleLib.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
            </Project>
            """);
        Write(root, "Lib/Greeter.cs", """
            namespace SampleLib;

            public static class Greeter
            {
                public static string Greet(string name) => "hello " + name;
            }
            """);
        return root;
    }

    static void Write(string root, string relativePath, string text)
    {
        var path = Path.Combine(root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
