using System.IO;
using System.Linq;
using System.Reflection;
using GoTrace.Cli;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Cli;

/// <summary>Which package assemblies an --include names, and which runtime build an app gets.</summary>
[TestFixture]
public sealed class AssemblySelectionTests
{
    [TestCase(null)]
    [TestCase("MyApp.*")]
    [TestCase("[*]MyApp.*")]
    [TestCase("[**]*|*.Services.*")]
    public void Filters_without_an_assembly_name_name_no_package(string? include)
    {
        AssemblyGlobs.Named(include).ShouldBeEmpty();
    }

    [Test]
    public void Bracketed_assembly_globs_are_named()
    {
        var named = AssemblyGlobs.Named("[MyApp]MyApp.*| [Newtonsoft.*]* |*.Generated.*|[Serilog]Serilog.Log");

        named.Select(glob => glob.Text).ShouldBe(new[] { "MyApp", "Newtonsoft.*", "Serilog" });
        named[1].Matches("Newtonsoft.Json").ShouldBeTrue();
        named[1].Matches("Newtonsoft").ShouldBeFalse();
        named[0].Matches("MyApp.Core").ShouldBeFalse();
    }

    [TestCase("net10.0", false)]
    [TestCase("net11.0", false)]
    [TestCase("net8.0", true)]
    [TestCase("netcoreapp3.1", true)]
    public void Apps_on_an_older_dotnet_get_the_netstandard_runtime(string tfm, bool portable)
    {
        var directory = RepoPaths.NewTempDirectory("gotrace-cli-runtime");
        try
        {
            var app = Path.Combine(directory, "App.dll");
            File.WriteAllText(Path.ChangeExtension(app, ".runtimeconfig.json"),
                $$"""{ "runtimeOptions": { "tfm": "{{tfm}}", "framework": { "name": "Microsoft.NETCore.App", "version": "1.0.0" } } }""");

            var chosen = TracerRuntime.AssemblyPathFor(app);

            chosen.ShouldBe(portable ? TracerRuntime.PortableAssemblyPath : TracerRuntime.AssemblyPath);
            File.Exists(chosen).ShouldBeTrue();
            AssemblyName.GetAssemblyName(chosen).Name.ShouldBe("GoTrace.Runtime");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
