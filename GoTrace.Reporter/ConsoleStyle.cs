using System;

namespace GoTrace.Reporter;

/// <summary>
/// ANSI colours for terminal output, or nothing. <see cref="Decide"/> applies the rule: colour only when
/// standard output is a terminal, <c>NO_COLOR</c> is unset or empty, <c>TERM</c> is not <c>dumb</c> and the
/// report is not going to a file; <c>--color always/never</c> overrides.
/// </summary>
public sealed class ConsoleStyle
{
    public static readonly ConsoleStyle Plain = new(false);
    public static readonly ConsoleStyle Ansi = new(true);

    private ConsoleStyle(bool enabled)
    {
        Enabled = enabled;
    }

    public bool Enabled { get; }

    public static ConsoleStyle Decide(ColorMode mode, bool outputIsTerminal, bool toFile)
    {
        switch (mode)
        {
            case ColorMode.Always:
                return Ansi;
            case ColorMode.Never:
                return Plain;
            default:
                var noColor = Environment.GetEnvironmentVariable("NO_COLOR");
                var dumb = string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
                return outputIsTerminal && !toFile && string.IsNullOrEmpty(noColor) && !dumb ? Ansi : Plain;
        }
    }

    public string Dim(string text) => Wrap("\u001b[2m", text);

    public string Bold(string text) => Wrap("\u001b[1m", text);

    public string Red(string text) => Wrap("\u001b[31m", text);

    public string BoldRed(string text) => Wrap("\u001b[1;31m", text);

    public string Yellow(string text) => Wrap("\u001b[33m", text);

    public string Green(string text) => Wrap("\u001b[32m", text);

    public string Cyan(string text) => Wrap("\u001b[36m", text);

    /// <summary>A share of the time, coloured by weight: from 25% bold red, from 5% yellow.</summary>
    public string Heat(string text, double percent) =>
        percent >= 25 ? BoldRed(text) : percent >= 5 ? Yellow(text) : text;

    private string Wrap(string code, string text) => Enabled && text.Length > 0 ? code + text + "\u001b[0m" : text;
}
