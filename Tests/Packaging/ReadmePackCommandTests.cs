using System.IO;
using System.IO.Compression;
using System.Linq;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Packaging;

/// <summary>
/// README's set-up packs GoTrace.Fody alone (dotnet pack GoTrace.Fody -c Release -o nupkgs). From a fresh clone nothing has restored GoTrace.Runtime,
/// whose two builds go into the package: a fresh artifacts folder stands for that clone.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class ReadmePackCommandTests
{
    [Test]
    public void Packing_GoTrace_Fody_alone_works_without_an_earlier_restore()
    {
        var root = RepoPaths.NewTempDirectory("gotrace-pack-alone");
        try
        {
            var feed = Path.Combine(root, "nupkgs");
            var pack = ProcessRunner.Dotnet(new[]
            {
                "pack", RepoPaths.InRepo("GoTrace.Fody/GoTrace.Fody.csproj"), "-c", "Release", "-o", feed, "-nologo",
                "-p:UseArtifactsOutput=true", "-p:ArtifactsPath=" + Path.Combine(root, "artifacts"),
            }, root);

            pack.ExitCode.ShouldBe(0, pack.ToString());
            using var package = ZipFile.OpenRead(Directory.GetFiles(feed, "GoTrace.Fody.*.nupkg").ShouldHaveSingleItem());
            package.Entries.Select(e => e.FullName).ShouldContain("lib/net10.0/GoTrace.Runtime.dll");
            package.Entries.Select(e => e.FullName).ShouldContain("lib/netstandard2.0/GoTrace.Runtime.dll");
            package.Entries.Select(e => e.FullName).ShouldContain("weaver/GoTrace.Fody.dll");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
