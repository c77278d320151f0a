using System.Collections.Generic;
using GoTrace.Fody;

namespace GoTrace.Cli;

/// <summary>What happened to one assembly handed to <see cref="AssemblyWeaver"/>.</summary>
public sealed class WeaveResult
{
    public WeaveResult(string assemblyPath)
    {
        AssemblyPath = assemblyPath;
    }

    public string AssemblyPath { get; }

    /// <summary>The assembly already carries a GoTrace function table; it was left as it was.</summary>
    public bool AlreadyWoven { get; set; }

    /// <summary>The woven assembly replaced the original (false when nothing was written).</summary>
    public bool Written { get; set; }

    public int WovenCount { get; set; }

    public IReadOnlyList<SkippedMethod> Skipped { get; set; } = new List<SkippedMethod>();

    public List<string> Errors { get; } = new();

    public List<string> Warnings { get; } = new();

    /// <summary>The weaver's info messages.</summary>
    public List<string> Messages { get; } = new();
}
