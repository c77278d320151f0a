using System.Collections.Generic;

namespace GoTrace.Cli;

/// <summary>The environment variables that tell a woven program's runtime where to write its trace.</summary>
public static class TraceEnvironment
{
    public static IReadOnlyDictionary<string, string> For(string tracePath) => new Dictionary<string, string>
    {
        ["GOTRACE_OUTPUT"] = tracePath,
        // gotrace reports the trace itself: the runtime's "trace written to …" line would only be noise.
        ["GOTRACE_QUIET"] = "1",
    };
}
