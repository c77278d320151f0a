using System.IO;
using Tests.Support;

namespace Tests.Cli;

/// <summary>
/// A user's solution with tests, written into a temp folder: a library (Calc) and its NUnit test project
/// (Calc.Tests) with one passing and one failing test, both calling the library, and a third in category
/// "Slow" that a <c>--filter TestCategory!=Slow</c> leaves out.
/// </summary>
public static class SampleTestSolution
{
    /// <summary>Creates the solution; returns its root (Calc/ and Calc.Tests/ below it).</summary>
    public static string Create()
    {
        var root = RepoPaths.NewTempDirectory("gotrace-cli-tests");
        Write(root, "Calc/Calc.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
            </Project>
            """);
        Write(root, "Calc/Calculator.cs", """
            namespace Calc;

            public static class Calculator
            {
                public static int Add(int a, int b) => a + b;
            }
            """);
        Write(root, "Calc.Tests/Calc.Tests.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <IsPackable>false</IsPackable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
                <PackageReference Include="NUnit" Version="4.4.0" />
                <PackageReference Include="NUnit3TestAdapter" Version="5.2.0" />
              </ItemGroup>
              <ItemGroup>
                <ProjectReference Include="../Calc/Calc.csproj" />
              </ItemGroup>
            </Project>
            """);
        Write(root, "Calc.Tests/CalculatorTests.cs", """
            using NUnit.Framework;

            namespace Calc.Tests;

            public class CalculatorTests
            {
                [Test]
                public void Adds() => Assert.That(Calculator.Add(2, 2), Is.EqualTo(4));

                [Test]
                public void Fails() => Assert.That(Calculator.Add(2, 2), Is.EqualTo(5));

                [Test]
                [Category("Slow")]
                public void Slow() => Assert.That(Calculator.Add(1, 1), Is.EqualTo(2));
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
