using System.IO;

namespace GoTrace.Cli;

/// <summary>
/// What <c>gotrace test</c> can run: a VSTest test project (<c>dotnet test &lt;assembly&gt;</c>). Anything else is
/// refused with one line, from what MSBuild said of the project.
/// </summary>
public static class TestProjectCheck
{
    /// <summary>Throws a <see cref="CliException"/> (exit 2) unless the project's tests run under VSTest.</summary>
    /// <param name="projectPath">The project file that was built.</param>
    /// <param name="typedPath">The project as the user named it, for the command line suggested instead.</param>
    public static void Require(BuildResult build, string projectPath, string typedPath)
    {
        var projectName = Path.GetFileName(projectPath);

        // Microsoft.Testing.Platform test projects are programs, which dotnet test <assembly> (VSTest) does not run as such.
        if (build.IsTestingPlatformApplication)
        {
            var project = typedPath.Contains(' ') ? "\"" + typedPath + "\"" : typedPath;
            throw new CliException($"{projectName} is a Microsoft.Testing.Platform test project, and gotrace test runs VSTest test projects; " +
                $"an MTP test project is a program: trace it with gotrace run {project} -- <test options>");
        }

        if (!build.IsTestProject)
        {
            throw new CliException($"{projectName} is not a test project (it does not reference Microsoft.NET.Test.Sdk; use gotrace run for programs)");
        }
    }
}
