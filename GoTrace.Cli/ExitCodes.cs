namespace GoTrace.Cli;

/// <summary>Exit codes of gotrace itself (a traced program's own exit code passes through unchanged).</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The project did not build, or gotrace failed while preparing the program.</summary>
    public const int Failure = 1;

    /// <summary>Bad command line, missing or ambiguous project, malformed filters.</summary>
    public const int Usage = 2;
}
