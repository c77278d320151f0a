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

        var entryFileName = Path.GetFileName(entryAssemblyPath);
        var depsJson = Path.Combine(appDirectory, Path.ChangeExtension(entryFileName, ".deps.json"));
        var listed = File.Exists(depsJson) && !DepsJsonPatcher.AddRuntime(depsJson, TracerRuntime.Version);
        if (!listed || !File.Exists(Path.Combine(appDirectory, TracerRuntime.FileName)))
        {
            TracerRuntime.CopyTo(appDirectory);
        }

        return Path.Combine(appDirectory, entryFileName);
    }

    static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }

        foreach (var directory in Directory.EnumerateDirectories(source))
        {
            CopyDirectory(directory, Path.Combine(target, Path.GetFileName(directory)));
        }
    }
}
