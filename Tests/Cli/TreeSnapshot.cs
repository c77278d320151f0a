using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Tests.Cli;

/// <summary>Every file and folder under a directory, with size and write time: equal snapshots mean nothing was added or changed.</summary>
public static class TreeSnapshot
{
    public static IReadOnlyList<string> Take(string root) =>
        Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(path => Describe(root, path))
            .OrderBy(line => line, System.StringComparer.Ordinal)
            .ToList();

    static string Describe(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        return File.Exists(path)
            ? $"{relative} {new FileInfo(path).Length} {File.GetLastWriteTimeUtc(path):O}"
            : $"{relative}/ {Directory.GetLastWriteTimeUtc(path):O}";
    }
}
