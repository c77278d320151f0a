using System.IO;
using Shouldly;

namespace Tests.Support;

/// <summary>A console app that uses one NuGet package, written under a root's <c>src</c> and published to its <c>publish</c> folder as for deployment.</summary>
public static class PublishedApp
{
    /// <summary>Writes project <paramref name="name"/> (net10.0, nullable on) with <paramref name="program"/> as Program.cs and publishes it in Release; returns the publish folder.</summary>
    public static string Publish(string root, string name, string package, string version, string program, bool implicitUsings = false)
    {
        var source = Path.Combine(root, "src");
        Directory.CreateDirectory(source);
        var usings = implicitUsings ? "\n        <ImplicitUsings>enable</ImplicitUsings>" : string.Empty;
        File.WriteAllText(Path.Combine(source, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>{usings}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{package}" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(source, "Program.cs"), program);
        var publish = Path.Combine(root, "publish");
        var published = ProcessRunner.Dotnet(new[]
        {
            "publish", source, "-c", "Release", "-o", publish, "-nologo",
            "-p:UseArtifactsOutput=true", "-p:ArtifactsPath=" + Path.Combine(root, "artifacts"),
        }, root);
        published.ExitCode.ShouldBe(0, published.ToString());
        return publish;
    }
}
