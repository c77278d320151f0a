using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace GoTrace.Cli;

/// <summary>
/// Which assemblies of a built app to weave: those of the user's solution, i.e. the libraries its deps.json
/// lists as <c>"type": "project"</c> (the app and its ProjectReferences), and the NuGet packages' or the
/// framework's only when an --include filter names their assembly.
/// </summary>
public static class SolutionAssemblies
{
    /// <summary>Full paths of the solution's assemblies in <paramref name="appDirectory"/>, the entry assembly first.</summary>
    public static IReadOnlyList<string> Find(string appDirectory, string entryAssemblyFileName)
    {
        var entry = Path.Combine(appDirectory, entryAssemblyFileName);
        var result = new List<string> { entry };
        foreach (var library in Libraries(appDirectory, entryAssemblyFileName).Where(library => library.Type == "project"))
        {
            foreach (var asset in library.RuntimeAssets)
            {
                var path = Path.GetFullPath(Path.Combine(appDirectory, asset));
                if (File.Exists(path) && !result.Contains(path, StringComparer.Ordinal))
                {
                    result.Add(path);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The solution's assemblies, then the package and framework assemblies in the app folder whose name an
    /// --include filter names explicitly (<c>[Newtonsoft.Json]*</c>; <c>[*]…</c> or no brackets name none).
    /// </summary>
    public static IReadOnlyList<string> FindToWeave(string appDirectory, string entryAssemblyFileName, string? include)
    {
        var result = Find(appDirectory, entryAssemblyFileName).ToList();
        var named = AssemblyGlobs.Named(include);
        if (named.Count == 0)
        {
            return result;
        }

        foreach (var library in Libraries(appDirectory, entryAssemblyFileName).Where(library => library.Type != "project"))
        {
            foreach (var asset in library.RuntimeAssets)
            {
                // NuGet flattens a package's lib/<tfm>/ assets into the app folder.
                var path = Path.Combine(appDirectory, Path.GetFileName(asset));
                var name = Path.GetFileNameWithoutExtension(path);
                if (named.Any(glob => glob.Matches(name)) && File.Exists(path) && !result.Contains(path, StringComparer.Ordinal)
                    && !name.Equals(TracerRuntime.Name, StringComparison.Ordinal))
                {
                    result.Add(path);
                }
            }
        }

        return result;
    }

    /// <summary>An --include glob that names assemblies no file of the app matched (e.g. a framework assembly of a framework-dependent app).</summary>
    public static IReadOnlyList<string> UnmatchedNames(IReadOnlyList<string> woven, string? include) =>
        AssemblyGlobs.Named(include)
            .Where(glob => !woven.Any(path => glob.Matches(Path.GetFileNameWithoutExtension(path))))
            .Select(glob => glob.Text)
            .ToList();

    sealed record Library(string Key, string Type, IReadOnlyList<string> RuntimeAssets);

    static IEnumerable<Library> Libraries(string appDirectory, string entryAssemblyFileName)
    {
        var depsJson = Path.Combine(appDirectory, Path.ChangeExtension(entryAssemblyFileName, ".deps.json"));
        if (!File.Exists(depsJson))
        {
            yield break;
        }

        var root = JsonNode.Parse(File.ReadAllText(depsJson));
        var libraries = root?["libraries"] as JsonObject;
        var runtimeTarget = root?["runtimeTarget"]?["name"]?.GetValue<string>();
        var targets = root?["targets"] as JsonObject;
        if (libraries == null || targets == null)
        {
            yield break;
        }

        var target = (runtimeTarget != null ? targets[runtimeTarget] : targets.FirstOrDefault().Value) as JsonObject;
        foreach (var (key, library) in libraries)
        {
            if (key.StartsWith(TracerRuntime.Name + "/", StringComparison.Ordinal)
                || target?[key]?["runtime"] is not JsonObject assets)
            {
                continue;
            }

            var type = library?["type"]?.GetValue<string>() ?? "";
            yield return new Library(key, type, assets.Select(asset => asset.Key)
                .Where(asset => asset.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                .ToList());
        }
    }
}
