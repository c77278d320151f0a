using System;
using System.Globalization;

namespace GoTrace.Reporter;

/// <summary>Durations on the command line: <c>5ms</c>, <c>200us</c> or <c>200µs</c>, <c>1.5s</c>, <c>300ns</c>, <c>0</c>.</summary>
public static class DurationArgument
{
    /// <summary>Parses a duration into nanoseconds; false for anything else (negative, no unit, unknown unit).</summary>
    public static bool TryParse(string text, out long nanoseconds)
    {
        nanoseconds = 0;
        text = text.Trim();
        if (text == "0")
        {
            return true;
        }

        (string Suffix, double Scale)[] units = { ("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9) };
        foreach (var (suffix, scale) in units)
        {
            if (text.Length > suffix.Length && text.EndsWith(suffix, StringComparison.Ordinal))
            {
                var number = text.Substring(0, text.Length - suffix.Length);
                if (number.Length > 0 && (char.IsAsciiDigit(number[0]) || number[0] == '.')
                    && double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                    && double.IsFinite(value) && value * scale < 9e18)
                {
                    nanoseconds = (long)Math.Round(value * scale);
                    return true;
                }

                return false;
            }
        }

        return false;
    }
}
