using System.Collections.Generic;
using System.Globalization;

namespace GoTrace.Cli;

/// <summary>The environment variables that tell a woven program's runtime where to write its trace.</summary>
public static class TraceEnvironment
{
    public const string ProcessIdPlaceholder = "{pid}";

    /// <summary>GOTRACE_OUTPUT set to <paramref name="tracePath"/> (which may hold <c>{pid}</c>), and the runtime's own message off.</summary>
    public static IReadOnlyDictionary<string, string> For(string tracePath) => new Dictionary<string, string>
    {
        ["GOTRACE_OUTPUT"] = tracePath,
        // gotrace reports the trace itself: the runtime's "trace written to …" line would only be noise.
        ["GOTRACE_QUIET"] = "1",
    };

    /// <summary>The file a process wrote for a GOTRACE_OUTPUT pattern.</summary>
    public static string PathOf(string tracePattern, int processId) =>
        tracePattern.Replace(ProcessIdPlaceholder, processId.ToString(CultureInfo.InvariantCulture));
}
