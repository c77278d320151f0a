using System.Linq;

namespace Tests.Support;

/// <summary>The note every report of a calibrated trace ends with: how much of the tracer's cost its times leave out.</summary>
public static class CompensationNote
{
    public const string Start = "times leave out the tracer's own cost, measured by the traced process: ";

    /// <summary>Standard error without the compensation note's line (it says nothing about the run).</summary>
    public static string Without(string stderr) =>
        string.Join("\n", stderr.Split('\n').Where(line => !line.Contains(Start)));
}
