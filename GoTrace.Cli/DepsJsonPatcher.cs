using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GoTrace.Cli;

/// <summary>
/// Lists GoTrace.Runtime in an app's <c>.deps.json</c>, as a ProjectReference would, so the host puts the
/// copy next to the app on the load path.
/// </summary>
public static class DepsJsonPatcher
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Adds the runtime library; returns false when the file already lists a GoTrace.Runtime.</summary>
    public static bool AddRuntime(string depsJsonPath, string runtimeVersion)
    {
        var root = JsonNode.Parse(File.ReadAllText(depsJsonPath))?.AsObject()
            ?? throw new CliException($"{depsJsonPath} is empty", ExitCodes.Failure);
        var targets = root["targets"] as JsonObject ?? new JsonObject();
        root["targets"] = targets;
        var libraries = root["libraries"] as JsonObject ?? new JsonObject();
        root["libraries"] = libraries;

        var key = TracerRuntime.Name + "/" + runtimeVersion;
        if (libraries.Any(library => library.Key.StartsWith(TracerRuntime.Name + "/", System.StringComparison.Ordinal)))
        {
            return false;
        }

        var runtimeTarget = root["runtimeTarget"]?["name"]?.GetValue<string>();
        if (runtimeTarget != null && targets[runtimeTarget] == null)
        {
            targets[runtimeTarget] = new JsonObject();
        }

        foreach (var (name, target) in targets.ToList())
        {
            if (target is JsonObject entries && (runtimeTarget == null || name == runtimeTarget))
            {
                entries[key] = new JsonObject
                {
                    ["runtime"] = new JsonObject { [TracerRuntime.FileName] = new JsonObject() },
                };
            }
        }

        libraries[key] = new JsonObject
        {
            ["type"] = "project",
            ["serviceable"] = false,
            ["sha512"] = "",
        };

        File.WriteAllText(depsJsonPath, root.ToJsonString(Indented));
        return true;
    }
}
