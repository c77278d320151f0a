using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace GoTrace.Cli;

/// <summary>
/// Which assemblies of a built app belong to the user's solution: the libraries its deps.json lists as
/// <c>"type": "project"</c> (the app and its ProjectReferences), never NuGet packages or the framework.
/// </summary>
public static class SolutionAssemblies
{
    /// <summary>Full paths of the solution's assemblies in <paramref name="appDirectory"/>, the entry assembly first.</summary>
    public static IReadOnlyList<string> Find(string appDirectory, string entryAssemblyFileName)
    {
        var entry = Path.Combine(appDirectory, entryAssemblyFileName);
        var depsJson = Path.Combine(appDirectory, Path.ChangeExtension(entryAssemblyFileName, ".deps.json"));
        var result = new List<string> { entry };
        if (!File.Exists(depsJson))
        {
            return result;
        }

        var root = JsonNode.Parse(File.ReadAllText(depsJson));
        var libraries = root?["libraries"] as JsonObject;
        var runtimeTarget = root?["runtimeTarget"]?["name"]?.GetValue<string>();
        var targets = root?["targets"] as JsonObject;
        if (libraries == null || targets == null)
        {
            return result;
        }

        var target = (runtimeTarget != null ? targets[runtimeTarget] : targets.FirstOrDefault().Value) as JsonObject;
        foreach (var (key, library) in libraries)
        {
            if (library?["type"]?.GetValue<string>() != "project"
                || key.StartsWith(TracerRuntime.Name + "/", StringComparison.Ordinal)
                || target?[key]?["runtime"] is not JsonObject assets)
            {
                continue;
            }

            foreach (var (asset, _) in assets)
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
}
