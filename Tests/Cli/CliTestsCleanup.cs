using NUnit.Framework;

namespace Tests.Cli;

/// <summary>
/// The CLI tests build and run real projects: their namespace may run beside other parallelizable work
/// (Tests.Packaging above all, the longest), and the sample runs they share are deleted at the end.
/// </summary>
[SetUpFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class CliTestsCleanup
{
    [OneTimeTearDown]
    public void DeleteSampleRuns() => SampleRuns.DeleteAll();
}
