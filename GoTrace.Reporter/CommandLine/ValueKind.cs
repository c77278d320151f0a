using System.Globalization;

namespace GoTrace.Reporter.CommandLine;

/// <summary>
/// What an option's value must be: how to read it, and how to say what was expected when it is not
/// (<c>--depth needs a whole number from 1 (got '0')</c>).
/// </summary>
public sealed class ValueKind<T>
{
    public delegate bool Reader(string text, out T value);

    private readonly Reader _read;

    public ValueKind(string expected, Reader read, bool quotesBadValue = true, params string[] words)
    {
        Expected = expected;
        _read = read;
        QuotesBadValue = quotesBadValue;
        Words = words;
    }

    /// <summary>The only values there are, when they can be listed (shell completion offers them).</summary>
    public string[] Words { get; }

    /// <summary>Completes "--name needs …", e.g. "a whole number from 1".</summary>
    public string Expected { get; }

    /// <summary>Whether a refused value is quoted back ("(got '0')"); not for blank text.</summary>
    public bool QuotesBadValue { get; }

    public bool TryRead(string text, out T value) => _read(text, out value);
}

/// <summary>The kinds of values the reporter's options take.</summary>
public static class ValueKinds
{
    public static readonly ValueKind<int> WholeNumberFromOne = new("a whole number from 1", (string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1);

    public static readonly ValueKind<long> Size = new("a size like 4G, 500M or 20G (0: no limit)", SizeArgument.TryParse);

    public static readonly ValueKind<long> Duration = new("a duration like 5ms, 200us, 1.5s or 300ns", DurationArgument.TryParse);

    public static readonly ValueKind<string> FileName = new("a file name", (string text, out string value) =>
    {
        value = text;
        return text.Length > 0;
    }, quotesBadValue: false);

    /// <summary>A percentage, <c>5</c> or <c>5%</c>, from 0 to <paramref name="max"/>.</summary>
    public static ValueKind<double> Percentage(string expected, double max) => new(expected, (string text, out double value) =>
    {
        var number = text.EndsWith('%') ? text.Substring(0, text.Length - 1) : text;
        return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value) && value >= 0 && value <= max;
    });

    /// <summary>Any text that is not blank; surrounding spaces are dropped unless <paramref name="trim"/> is false.</summary>
    public static ValueKind<string> Text(string expected, bool trim = true) => new(expected, (string text, out string value) =>
    {
        value = trim ? text.Trim() : text;
        return value.Trim().Length > 0;
    }, quotesBadValue: false);

    /// <summary>One of a few words, e.g. auto, always or never.</summary>
    public static ValueKind<TEnum> Choice<TEnum>(string expected, params (string Word, TEnum Value)[] choices) =>
        new(expected, (string text, out TEnum value) =>
        {
            foreach (var (word, choice) in choices)
            {
                if (text == word)
                {
                    value = choice;
                    return true;
                }
            }

            value = default!;
            return false;
        }, words: System.Array.ConvertAll(choices, choice => choice.Word));

    /// <summary>An absolute http:// or https:// URL: where OTLP spans go.</summary>
    public static readonly ValueKind<System.Uri> OtlpEndpoint = new("an http:// or https:// URL, e.g. http://localhost:4318", OtlpExportOptions.TryParseEndpoint);
}
