using System.Collections.Generic;
using System.IO;
using System.Linq;
using Shouldly;
using Tests.Support;

namespace Tests.Packaging;

/// <summary>
/// The repository's packages (GoTrace.Fody, GoTrace.Cli, GoTrace.Reporter) packed by <c>dotnet pack -c Release</c>
/// into a folder feed, from a build of their own in a temp folder, and a NuGet setup to consume them with:
/// a NuGet.config adding the feed to the machine's sources, and a packages folder of its own so the global
/// packages folder never caches these builds of the packages.
/// </summary>
public sealed class LocalFeed
{
    public static readonly string[] PackedProjects =
    {
        "GoTrace.Fody/GoTrace.Fody.csproj",
        "GoTrace.Cli/GoTrace.Cli.csproj",
        "GoTrace.Reporter/GoTrace.Reporter.csproj",
        // Listed so that it builds in Release too (a reference outside the solution would build in Debug); its package is not used.
        "GoTrace.Runtime/GoTrace.Runtime.csproj",
    };

    LocalFeed(string root)
    {
        Root = root;
        // A version no public feed has, so a restore can only find these packages in our feed.
        Version = "0.1.0-local." + System.DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
    }

    public string Root { get; }

    public string FeedDirectory => Path.Combine(Root, "feed");

    /// <summary>NUGET_PACKAGES for every restore that consumes the feed.</summary>
    public string PackagesDirectory => Path.Combine(Root, "packages");

    public string Version { get; }

    public IDictionary<string, string?> Environment => new Dictionary<string, string?> { ["NUGET_PACKAGES"] = PackagesDirectory };

    public string Package(string id) => Path.Combine(FeedDirectory, $"{id}.{Version}.nupkg");

    /// <summary>Packs into <paramref name="root"/>/feed and writes <paramref name="root"/>/NuGet.config for projects below it.</summary>
    public static LocalFeed Create(string root)
    {
        var feed = new LocalFeed(root);
        var solution = Path.Combine(root, "pack.slnx");
        File.WriteAllText(solution, "<Solution>\n" + string.Concat(PackedProjects.Select(project =>
            $"  <Project Path=\"{Path.GetRelativePath(root, RepoPaths.InRepo(project))}\" />\n")) + "</Solution>\n");
        var pack = ProcessRunner.Dotnet(new[]
        {
            "pack", solution, "-c", "Release", "-o", feed.FeedDirectory, "-nologo", "-p:Version=" + feed.Version,
            "-p:UseArtifactsOutput=true", "-p:ArtifactsPath=" + Path.Combine(root, "artifacts"),
        }, root);
        pack.ExitCode.ShouldBe(0, pack.ToString());

        // The machine's own sources stay (Fody comes from there), and so does its packages folder, read as a
        // local source: a restore finds Fody there without the network, and copies it into our own folder.
        File.WriteAllText(Path.Combine(root, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="gotrace-feed" value="{feed.FeedDirectory}" />
                <add key="machine-packages" value="{GlobalPackagesFolder(root)}" />
              </packageSources>
            </configuration>
            """);
        return feed;
    }

    static string GlobalPackagesFolder(string root)
    {
        var locals = ProcessRunner.Dotnet(new[] { "nuget", "locals", "global-packages", "--list" }, root);
        locals.ExitCode.ShouldBe(0, locals.ToString());
        return locals.StdOut.Trim().Split(':', 2)[1].Trim().TrimEnd('/');
    }
}
