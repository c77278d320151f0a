using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Reflection;

namespace GoTrace;

/// <summary>What the environment asks of the tracer: GOTRACE_OUTPUT, GOTRACE_MAX_SIZE, GOTRACE_MODE, GOTRACE_QUIET.</summary>
internal sealed class TraceSettings
{
    public const long DefaultMaxSize = 1L << 30;

    private TraceSettings(string outputPath, long maxSize, TraceMode mode, bool quiet, IReadOnlyList<string> problems)
    {
        OutputPath = outputPath;
        MaxSize = maxSize;
        Mode = mode;
        Quiet = quiet;
        Problems = problems;
    }

    public string OutputPath { get; }

    public long MaxSize { get; }

    public TraceMode Mode { get; }

    public bool Quiet { get; }

    /// <summary>Settings that could not be read, each said once on stderr; their defaults apply.</summary>
    public IReadOnlyList<string> Problems { get; }

    public static TraceSettings FromEnvironment(int processId)
    {
        var problems = new List<string>();
        var quiet = Environment.GetEnvironmentVariable("GOTRACE_QUIET") is { Length: > 0 } q && q != "0";

        var sizeText = Environment.GetEnvironmentVariable("GOTRACE_MAX_SIZE");
        var maxSize = ParseSize(sizeText);
        if (maxSize == null && !string.IsNullOrWhiteSpace(sizeText))
        {
            problems.Add($"GOTRACE_MAX_SIZE='{sizeText}' is not a size (e.g. 64M, 2G, 1048576); using 1G");
        }

        var modeText = Environment.GetEnvironmentVariable("GOTRACE_MODE");
        var mode = TraceMode.Stop;
        if (string.Equals(modeText, "ring", StringComparison.OrdinalIgnoreCase))
        {
            mode = TraceMode.Ring;
        }
        else if (!string.IsNullOrWhiteSpace(modeText) && !string.Equals(modeText, "stop", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"GOTRACE_MODE='{modeText}' is not 'stop' or 'ring'; using stop");
        }

        var output = Environment.GetEnvironmentVariable("GOTRACE_OUTPUT");
        var path = string.IsNullOrEmpty(output)
            ? $"{EntryName()}.{processId}.gotrace"
            : output!.Replace("{pid}", processId.ToString(CultureInfo.InvariantCulture));
        return new TraceSettings(Path.GetFullPath(path), maxSize ?? DefaultMaxSize, mode, quiet, problems);
    }

    /// <summary>Parses "64M", "1G", "4096", "512k", "2GiB"; null when absent or unreadable.</summary>
    internal static long? ParseSize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var s = text!.Trim().ToUpperInvariant();
        if (s.EndsWith("IB", StringComparison.Ordinal)) s = s.Substring(0, s.Length - 2);
        else if (s.EndsWith("B", StringComparison.Ordinal)) s = s.Substring(0, s.Length - 1);
        long unit = 1;
        if (s.Length > 0)
        {
            switch (s[s.Length - 1])
            {
                case 'K': unit = 1L << 10; break;
                case 'M': unit = 1L << 20; break;
                case 'G': unit = 1L << 30; break;
            }
        }

        if (unit != 1) s = s.Substring(0, s.Length - 1);
        return long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 && n <= long.MaxValue / unit
            ? n * unit
            : null;
    }

    private static string EntryName()
    {
        try
        {
            return Assembly.GetEntryAssembly()?.GetName().Name ?? Process.GetCurrentProcess().ProcessName;
        }
        catch (Exception)
        {
            return "gotrace";
        }
    }
}
