using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GoTrace.Cli;

/// <summary>
/// The GoTrace.Runtime.dll that woven programs load: the build gotrace itself references, or, for apps on
/// an older .NET, the netstandard2.0 build shipped beside gotrace under runtime/netstandard2.0/.
/// </summary>
public static class TracerRuntime
{
    public const string Name = "GoTrace.Runtime";

    public const string FileName = Name + ".dll";

    public static string AssemblyPath => typeof(Tracer).Assembly.Location;

    /// <summary>The netstandard2.0 build, when gotrace ships it.</summary>
    public static string PortableAssemblyPath =>
        Path.Combine(Path.GetDirectoryName(typeof(TracerRuntime).Assembly.Location)!, "runtime", "netstandard2.0", FileName);

    /// <summary>Three-part version, as deps.json names libraries ("GoTrace.Runtime/0.1.0").</summary>
    public static string Version => typeof(Tracer).Assembly.GetName().Version?.ToString(3) ?? "1.0.0";

    /// <summary>The runtime build an app can load: the modern one when the app runs on that .NET or later.</summary>
    public static string AssemblyPathFor(string entryAssemblyPath)
    {
        var portable = PortableAssemblyPath;
        if (!File.Exists(portable))
        {
            return AssemblyPath;
        }

        var appVersion = AppFrameworkVersion(Path.ChangeExtension(entryAssemblyPath, ".runtimeconfig.json"));
        return appVersion != null && appVersion >= ModernFrameworkVersion() ? AssemblyPath : portable;
    }

    /// <summary>Copies the right runtime build for the app into <paramref name="directory"/>; returns the copy's path.</summary>
    public static string CopyTo(string directory, string entryAssemblyPath)
    {
        var target = Path.Combine(directory, FileName);
        File.Copy(AssemblyPathFor(entryAssemblyPath), target, overwrite: true);
        return target;
    }

    /// <summary>The .NET version the modern runtime build targets (".NETCoreApp,Version=v10.0" → 10.0).</summary>
    static System.Version ModernFrameworkVersion()
    {
        var framework = typeof(Tracer).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName ?? "";
        var match = Regex.Match(framework, @"Version=v(\d+\.\d+)");
        return match.Success ? System.Version.Parse(match.Groups[1].Value) : Environment.Version;
    }

    /// <summary>The app's target framework from its runtimeconfig.json ("tfm": "net8.0" → 8.0); null when unknown.</summary>
    static System.Version? AppFrameworkVersion(string runtimeConfigPath)
    {
        if (!File.Exists(runtimeConfigPath))
        {
            return null;
        }

        try
        {
            var options = JsonNode.Parse(File.ReadAllText(runtimeConfigPath))?["runtimeOptions"];
            var tfm = options?["tfm"]?.GetValue<string>();
            var match = tfm == null ? Match.Empty : Regex.Match(tfm, @"^net(\d+\.\d+)");
            if (match.Success)
            {
                return System.Version.Parse(match.Groups[1].Value);
            }

            var version = (options?["framework"] ?? options?["frameworks"]?.AsArray().FirstOrDefault())?["version"]?.GetValue<string>();
            return version != null && System.Version.TryParse(version.Split('-')[0], out var parsed) ? parsed : null;
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
