using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Mono.Cecil;

namespace GoTrace.Cli;

/// <summary>
/// Resolves what a woven assembly references the way the program will at run time: from the app's own
/// folder (which holds GoTrace.Runtime.dll by then), then from the installed shared frameworks.
/// </summary>
public sealed class WeaverAssemblyResolver : DefaultAssemblyResolver
{
    public WeaverAssemblyResolver(string appDirectory)
    {
        foreach (var directory in GetSearchDirectories())
        {
            RemoveSearchDirectory(directory);
        }

        AddSearchDirectory(appDirectory);
        foreach (var framework in SharedFrameworkDirectories())
        {
            AddSearchDirectory(framework);
        }
    }

    /// <summary>Like Fody's resolver: an assembly that cannot be found resolves to null instead of throwing.</summary>
    public override AssemblyDefinition Resolve(AssemblyNameReference name)
    {
        try
        {
            return base.Resolve(name);
        }
        catch (AssemblyResolutionException)
        {
            return null!;
        }
    }

    /// <summary>The newest version folder of each shared framework next to the one gotrace runs on (NETCore.App, AspNetCore.App, …).</summary>
    static string[] SharedFrameworkDirectories()
    {
        var runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var shared = Path.GetDirectoryName(Path.GetDirectoryName(runtimeDirectory));
        if (shared == null || !Directory.Exists(shared))
        {
            return new[] { runtimeDirectory };
        }

        return Directory.EnumerateDirectories(shared)
            .Select(framework => Directory.EnumerateDirectories(framework)
                .OrderByDescending(version => Version.TryParse(Path.GetFileName(version).Split('-')[0], out var parsed) ? parsed : new Version())
                .FirstOrDefault())
            .Where(directory => directory != null)
            .Select(directory => directory!)
            .Prepend(runtimeDirectory)
            .Distinct()
            .ToArray();
    }
}
