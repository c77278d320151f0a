using System.IO;

namespace GoTrace.Cli;

/// <summary>The GoTrace.Runtime.dll that woven programs load: the build gotrace itself references.</summary>
public static class TracerRuntime
{
    public const string Name = "GoTrace.Runtime";

    public const string FileName = Name + ".dll";

    public static string AssemblyPath => typeof(Tracer).Assembly.Location;

    /// <summary>Three-part version, as deps.json names libraries ("GoTrace.Runtime/0.1.0").</summary>
    public static string Version => typeof(Tracer).Assembly.GetName().Version?.ToString(3) ?? "1.0.0";

    /// <summary>Copies the runtime into <paramref name="directory"/>; returns the copy's path.</summary>
    public static string CopyTo(string directory)
    {
        var target = Path.Combine(directory, FileName);
        File.Copy(AssemblyPath, target, overwrite: true);
        return target;
    }
}
