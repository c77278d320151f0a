using NUnit.Framework;

namespace Tests.Packaging;

/// <summary>
/// The packaging tests take the longest (a Release build of four projects, then a user's whole road): let
/// their namespace start beside Tests.Cli instead of after it.
/// </summary>
[SetUpFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class PackagingSuite
{
}
