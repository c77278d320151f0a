using System;
using System.Globalization;

namespace GoTrace.Reporter;

/// <summary>
/// Sizes on the command line, as <c>GOTRACE_MAX_SIZE</c> writes them: <c>4G</c>, <c>500M</c>, <c>64K</c>, <c>1.5T</c>
/// (powers of 1024; a trailing <c>B</c> or <c>iB</c> is allowed), a number of bytes, or <c>0</c>.
/// </summary>
public static class SizeArgument
{
    /// <summary>Parses a size into bytes; false for anything else.</summary>
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        text = text.Trim();
        if (text.EndsWith("iB", StringComparison.OrdinalIgnoreCase))
        {
            text = text.Substring(0, text.Length - 2);
        }
        else if (text.Length > 1 && (text[^1] == 'B' || text[^1] == 'b') && char.IsLetter(text[^2]))
        {
            text = text.Substring(0, text.Length - 1);
        }

        var scale = 1.0;
        if (text.Length > 1 && "KMGT".IndexOf(char.ToUpperInvariant(text[^1])) is var unit and >= 0)
        {
            scale = Math.Pow(1024, unit + 1);
            text = text.Substring(0, text.Length - 1);
        }

        if (text.Length == 0 || !(char.IsAsciiDigit(text[0]) || text[0] == '.')
            || !double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value) || value * scale >= 9e18)
        {
            return false;
        }

        bytes = (long)Math.Round(value * scale);
        return true;
    }

    /// <summary>A size as people read it: <c>23.6 GB</c>, <c>812 MB</c>, <c>40 KB</c> (powers of 1024).</summary>
    public static string Format(long bytes)
    {
        string[] units = { "bytes", "KB", "MB", "GB", "TB" };
        var value = (double)bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? bytes.ToString(CultureInfo.InvariantCulture) + " bytes"
            : value.ToString(value < 10 ? "0.#" : "0", CultureInfo.InvariantCulture) + " " + units[unit];
    }
}
