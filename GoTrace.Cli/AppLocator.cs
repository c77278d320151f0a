using System;
using System.IO;
using System.Linq;

namespace GoTrace.Cli;

/// <summary>Turns what the user gave <c>gotrace weave</c> (an app's assembly, or its build or publish folder) into the app's entry assembly.</summary>
public static class AppLocator
{
    public static string Locate(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (File.Exists(fullPath))
        {
            // An apphost (publish/MyApp) stands for the assembly beside it (publish/MyApp.dll).
            var assembly = fullPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || fullPath.EndsWith(".exe", StringComparison.OrdinalIgnoreCase)
                ? fullPath
                : fullPath + ".dll";
            if (!File.Exists(assembly))
            {
                throw new CliException($"{path} is not a .NET assembly (expected a .dll, or a folder holding a built or published app)");
            }

            return assembly;
        }

        if (!Directory.Exists(fullPath))
        {
            throw new CliException($"no such file or directory: {path}");
        }

        var apps = Directory.EnumerateFiles(fullPath, "*.deps.json")
            .Select(depsJson => Path.Combine(fullPath, Path.GetFileName(depsJson)[..^".deps.json".Length] + ".dll"))
            .Where(File.Exists)
            .OrderBy(file => file, StringComparer.Ordinal)
            .ToList();
        if (apps.Count > 1)
        {
            // A class library's deps.json sits beside the app's in a build folder: the app has a runtimeconfig.json.
            var runnable = apps.Where(app => File.Exists(Path.ChangeExtension(app, ".runtimeconfig.json"))).ToList();
            apps = runnable.Count > 0 ? runnable : apps;
        }

        return apps.Count switch
        {
            1 => apps[0],
            0 => throw new CliException($"no .NET app in {path} (no *.deps.json beside an assembly); give the app's .dll instead"),
            _ => throw new CliException($"several apps in {path}: {string.Join(", ", apps.Select(Path.GetFileName))}; name one"),
        };
    }
}
