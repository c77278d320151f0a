using System;
using System.IO;
using System.Linq;

namespace GoTrace.Cli;

/// <summary>Turns what the user typed (a project file, or a folder holding one) into a project file path.</summary>
public static class ProjectLocator
{
    static readonly string[] ProjectExtensions = { ".csproj", ".fsproj", ".vbproj" };

    public static string Locate(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (File.Exists(fullPath))
        {
            if (!IsProjectFile(fullPath))
            {
                throw new CliException($"{path} is not a project file (expected a .csproj, or a folder holding one)");
            }

            return fullPath;
        }

        if (!Directory.Exists(fullPath))
        {
            throw new CliException($"no such file or directory: {path}");
        }

        var projects = Directory.EnumerateFiles(fullPath)
            .Where(IsProjectFile)
            .OrderBy(file => file, StringComparer.Ordinal)
            .ToList();
        return projects.Count switch
        {
            1 => projects[0],
            0 => throw new CliException($"no project found in {path}"),
            _ => throw new CliException(
                $"several projects in {path}: {string.Join(", ", projects.Select(Path.GetFileName))}; name one"),
        };
    }

    static bool IsProjectFile(string file) =>
        ProjectExtensions.Any(extension => file.EndsWith(extension, StringComparison.OrdinalIgnoreCase));
}
