using NUnit.Framework;

namespace Tests.Cli;

[SetUpFixture]
public sealed class CliTestsCleanup
{
    [OneTimeTearDown]
    public void DeleteSampleRuns() => SampleRuns.DeleteAll();
}
