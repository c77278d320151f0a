using System;
using System.Globalization;

namespace GoTrace.Reporter;

/// <summary>
/// Short human durations: <c>2.31s</c> (seconds with two decimals), <c>412ms</c>, <c>41.2ms</c>, <c>4.12µs</c>,
/// <c>38µs</c> (up to three significant digits), <c>950ns</c>.
/// </summary>
public static class DurationFormat
{
    private static readonly string[] SubsecondUnits = { "µs", "ms" };

    private static readonly string[] FixedFormats = { "F0", "F1", "F2" };

    public static string Format(double seconds)
    {
        if (double.IsNaN(seconds) || seconds <= 0)
        {
            return "0ns";
        }

        if (seconds >= 1)
        {
            return Invariant(seconds, 2) + "s";
        }

        var nanoseconds = Math.Round(seconds * 1e9, MidpointRounding.AwayFromZero);
        if (nanoseconds < 1000)
        {
            return Invariant(nanoseconds, 0) + "ns";
        }

        // Each step up starts at 999.5 of the unit below, so the value is at least 1 here.
        var value = seconds * 1e6;
        foreach (var unit in SubsecondUnits)
        {
            var rounded = Math.Round(value, SignificantDecimals(value), MidpointRounding.AwayFromZero);
            if (rounded < 1000)
            {
                return Trimmed(rounded, SignificantDecimals(rounded)) + unit;
            }

            value /= 1000;
        }

        return Invariant(Math.Max(1, seconds), 2) + "s";
    }

    /// <summary>Formats a tick count at the given clock frequency.</summary>
    public static string Format(long ticks, double ticksPerSecond) => Format(ticks / ticksPerSecond);

    private static int SignificantDecimals(double value) => value >= 100 ? 0 : value >= 10 ? 1 : 2;

    /// <summary>Up to three significant digits: 412, 41.2, 4.12, and 38 rather than 38.0 (standard formats are much faster than custom ones).</summary>
    private static string Trimmed(double value, int decimals)
    {
        var text = value.ToString(FixedFormats[decimals], CultureInfo.InvariantCulture);
        if (decimals == 0)
        {
            return text;
        }

        var end = text.Length;
        while (text[end - 1] == '0')
        {
            end--;
        }

        if (text[end - 1] == '.')
        {
            end--;
        }

        return end == text.Length ? text : text.Substring(0, end);
    }

    private static string Invariant(double value, int decimals) =>
        value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
