using System.IO;
using Tests.Support;

namespace Tests.Cli;

/// <summary>
/// A Microsoft.Testing.Platform test project, as <c>dotnet new mstest --test-runner Microsoft.Testing.Platform</c>
/// writes it (MSTest with EnableMSTestRunner, an executable, and a global.json choosing the MTP runner), with
/// one passing and one failing test.
/// </summary>
public static class SampleMtpTests
{
    /// <summary>Creates the project in a temp folder; returns its folder.</summary>
    public static string Create()
    {
        var root = RepoPaths.NewTempDirectory("gotrace-cli-mtp");
        File.WriteAllText(Path.Combine(root, "Mtp.Tests.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>Exe</OutputType>
                <EnableMSTestRunner>true</EnableMSTestRunner>
                <IsPackable>false</IsPackable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MSTest" Version="4.0.2" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(root, "global.json"), """
            {
              "test": {
                "runner": "Microsoft.Testing.Platform"
              }
            }
            """);
        File.WriteAllText(Path.Combine(root, "CalcTests.cs"), """
            using Microsoft.VisualStudio.TestTools.UnitTesting;

            [assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]

            namespace Mtp.Tests;

            [TestClass]
            public sealed class CalcTests
            {
                [TestMethod]
                public void Adds() => Assert.AreEqual(4, Add(2, 2));

                [TestMethod]
                public void Fails() => Assert.AreEqual(5, Add(2, 2));

                static int Add(int a, int b) => a + b;
            }
            """);
        return root;
    }
}
