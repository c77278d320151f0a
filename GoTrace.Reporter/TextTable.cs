using System;
using System.Collections.Generic;
using System.IO;

namespace GoTrace.Reporter;

/// <summary>
/// The table shape of <c>--top</c> and <c>diff</c>: columns right-aligned to their widest cell, the last one (a
/// function name) as it is, two spaces between, the header dimmed. Rows keep a value the caller styles them by.
/// </summary>
internal sealed class TextTable<TRow>
{
    private readonly string[] _header;
    private readonly List<(string[] Cells, TRow Row)> _rows = new();

    public TextTable(params string[] header) => _header = header;

    public void Add(string[] cells, TRow row) => _rows.Add((cells, row));

    /// <summary>
    /// Writes the header and the rows; <paramref name="styleRow"/> turns a row's padded cells into its line (null:
    /// the cells joined as they are).
    /// </summary>
    public void Write(TextWriter output, ConsoleStyle style, Func<string[], TRow, string>? styleRow = null)
    {
        var widths = new int[_header.Length];
        for (var c = 0; c < _header.Length; c++)
        {
            widths[c] = _header[c].Length;
            foreach (var (cells, _) in _rows)
            {
                widths[c] = Math.Max(widths[c], cells[c].Length);
            }
        }

        output.WriteLine(style.Dim(Join(Pad(_header, widths))));
        foreach (var (cells, row) in _rows)
        {
            var padded = Pad(cells, widths);
            output.WriteLine(styleRow == null ? Join(padded) : styleRow(padded, row));
        }
    }

    /// <summary>Cells joined the way a table's line is.</summary>
    public static string Join(IEnumerable<string> cells) => string.Join("  ", cells);

    private static string[] Pad(string[] cells, int[] widths)
    {
        var padded = new string[cells.Length];
        for (var c = 0; c < cells.Length; c++)
        {
            padded[c] = c == cells.Length - 1 ? cells[c] : cells[c].PadLeft(widths[c]);
        }

        return padded;
    }
}
