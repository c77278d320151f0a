using System;
using System.IO;
using NUnit.Framework;
using Tests.Support;

namespace Tests.Weaving;

/// <summary>
/// Woven code runs inside this test process: point its one trace file somewhere known before
/// the first woven call, and keep the runtime's exit line off the test output.
/// </summary>
[SetUpFixture]
public sealed class TraceOutputSetup
{
    public static string TracePath { get; } = Path.Combine(Path.GetTempPath(), $"gotrace-tests-{Environment.ProcessId}.gotrace");

    [OneTimeSetUp]
    public void PointTraceAtTempFile()
    {
        Environment.SetEnvironmentVariable("GOTRACE_OUTPUT", TracePath);
        Environment.SetEnvironmentVariable("GOTRACE_QUIET", "1");
        _ = RepoPaths.Root;
    }

    /// <summary>
    /// The runtime still holds the file (it finishes it when this process exits), so this only unlinks it; Windows
    /// refuses to delete a mapped file, and the temp directory keeps it there.
    /// </summary>
    [OneTimeTearDown]
    public void RemoveTraceFile()
    {
        try
        {
            File.Delete(TracePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
