using System;
using System.IO;
using System.Linq;
using System.Reflection;
using NUnit.Framework;

namespace Tests.Support;

/// <summary>Where things are: the repository root and the test's own output.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    public static string Root => RootLazy.Value;

    public static string TestOutput => TestContext.CurrentContext.TestDirectory;

    public static string InRepo(params string[] parts) => Path.Combine(Root, Path.Combine(parts));

    /// <summary>A new empty directory under the system temp folder.</summary>
    public static string NewTempDirectory(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Removes test directories; one still in use (a process not yet gone) is left to the temp folder's cleaning.</summary>
    public static void DeleteDirectories(params string[] paths)
    {
        foreach (var path in paths)
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string FindRoot()
    {
        var built = typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
        if (built != null && File.Exists(Path.Combine(built, "GoTrace.sln")))
        {
            return built;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GoTrace.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("GoTrace.sln not found above " + AppContext.BaseDirectory);
    }
}
