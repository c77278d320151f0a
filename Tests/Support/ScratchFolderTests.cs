using NUnit.Framework;

namespace Tests.Support;

/// <summary>A fixture whose tests each get an empty folder of their own under the temp directory, deleted after the test.</summary>
public abstract class ScratchFolderTests
{
    private readonly string _prefix;

    protected ScratchFolderTests(string prefix) => _prefix = prefix;

    /// <summary>The current test's folder.</summary>
    protected string Root { get; private set; } = string.Empty;

    [SetUp]
    public void CreateRoot() => Root = RepoPaths.NewTempDirectory(_prefix);

    [TearDown]
    public void DeleteRoot() => RepoPaths.DeleteDirectories(Root);
}
