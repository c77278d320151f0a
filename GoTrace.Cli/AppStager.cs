using System.IO;

namespace GoTrace.Cli;

/// <summary>
/// Copies a built program's output folder into the workspace and makes GoTrace.Runtime loadable there,
/// leaving the original build output untouched.
/// </summary>
public static class AppStager
{
    /// <summary>Stages the program whose entry assembly is <paramref name="entryAssemblyPath"/>; returns the staged entry assembly.</summary>
    public static string Stage(string entryAssemblyPath, string appDirectory)
    {
        var outputDirectory = Path.GetDirectoryName(Path.GetFullPath(entryAssemblyPath))!;
        CopyDirectory(outputDirectory, appDirectory);
        var staged = Path.Combine(appDirectory, Path.GetFileName(entryAssemblyPath));
        AddRuntime(staged);
        return staged;
    }

    /// <summary>
    /// Puts GoTrace.Runtime.dll next to the app and lists it in the app's deps.json, unless the app already
    /// ships one (it references GoTrace.Runtime itself, e.g. for [NoTrace]).
    /// </summary>
    public static void AddRuntime(string entryAssemblyPath)
    {
        var appDirectory = Path.GetDirectoryName(entryAssemblyPath)!;
        var depsJson = Path.ChangeExtension(entryAssemblyPath, ".deps.json");
        var listed = File.Exists(depsJson) && !DepsJsonPatcher.AddRuntime(depsJson, TracerRuntime.Version);
        if (!listed || !File.Exists(Path.Combine(appDirectory, TracerRuntime.FileName)))
        {
            TracerRuntime.CopyTo(appDirectory, entryAssemblyPath);
        }
    }

    /// <summary>Copies a folder tree; <paramref name="skip"/> (a folder inside <paramref name="source"/>) is left out.</summary>
    public static void CopyDirectory(string source, string target, string? skip = null)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }

        foreach (var directory in Directory.EnumerateDirectories(source))
        {
            if (skip != null && Path.GetFullPath(directory) == skip)
            {
                continue;
            }

            CopyDirectory(directory, Path.Combine(target, Path.GetFileName(directory)), skip);
        }
    }
}
