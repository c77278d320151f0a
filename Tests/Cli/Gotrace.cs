using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using Tests.Support;

namespace Tests.Cli;

/// <summary>Runs the real gotrace command line (the build copied into the test output) as a child process.</summary>
public static class Gotrace
{
    public static string Dll => Path.Combine(TestContext.CurrentContext.TestDirectory, "gotrace.dll");

    /// <summary>
    /// <c>dotnet gotrace.dll args</c> in <paramref name="workingDirectory"/>; <paramref name="tempDirectory"/>
    /// becomes the child's temp folder, so a test can see which workspaces it leaves behind.
    /// </summary>
    public static ProcessResult Run(IEnumerable<string> arguments, string workingDirectory, string? tempDirectory = null)
    {
        var environment = new Dictionary<string, string?>();
        if (tempDirectory != null)
        {
            environment["TMPDIR"] = tempDirectory;
        }

        return ProcessRunner.Dotnet(new[] { Dll }.Concat(arguments), workingDirectory, environment);
    }
}
