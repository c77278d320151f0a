namespace AssemblyToProcess;

/// <summary>
/// The case catalog: one <c>public static string Name()</c> per scenario. Each returns a deterministic string with
/// everything observable (return values, out/ref values, caught exceptions as <c>threw Type: message</c>) and
/// lists, in <see cref="ExpectCallAttribute"/>s, every traced function it enters on its thread (itself included)
/// and how many times. <see cref="AnyThreadAttribute"/> cases count across all threads instead.
/// The class is partial: one file per group of shapes, in the order the catalog lists them.
/// </summary>
public static partial class Cases
{
    /// <summary>Prefix of the shapes' full names.</summary>
    public const string S = "AssemblyToProcess.Shapes.";

    /// <summary>Prefix of the cases' full names.</summary>
    public const string C = "AssemblyToProcess.Cases.";
}
