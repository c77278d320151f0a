using System;
using System.IO;

namespace GoTrace.Cli;

/// <summary>
/// A private temporary folder (<c>$TMP/gotrace-*/</c>) holding everything one gotrace command produces:
/// build artifacts, the woven copy of the program, the trace. Deleted on dispose unless kept.
/// </summary>
public sealed class Workspace : IDisposable
{
    Workspace(string root)
    {
        Root = root;
    }

    public string Root { get; }

    /// <summary>Where <c>dotnet build</c> puts bin/ and obj/ of every project (MSBuild's ArtifactsPath).</summary>
    public string ArtifactsPath => Path.Combine(Root, "artifacts");

    /// <summary>The copy of the program's output folder that gets woven and run.</summary>
    public string AppDirectory => Path.Combine(Root, "app");

    public string BuildLogPath => Path.Combine(Root, "build.log");

    public string TracePath => Path.Combine(Root, "trace.gotrace");

    /// <summary>When set, dispose leaves the folder in place (for -v, to look at what was run).</summary>
    public bool Keep { get; set; }

    public static Workspace Create() => new(Directory.CreateTempSubdirectory("gotrace-").FullName);

    public void Dispose()
    {
        if (Keep)
        {
            return;
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still in use (e.g. by a lingering child process): leave the rest of the temp folder behind.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
