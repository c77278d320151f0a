using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace GoTrace.Cli;

/// <summary>
/// The program's stdout and stderr while <c>gotrace run --live</c> shows its view: kept (the latest
/// <see cref="MaxLines"/> lines) and shown under the view, then, when the view closes, written to gotrace's own
/// stdout, and from then on passed straight through.
/// </summary>
public sealed class LiveProgramOutput : TextWriter
{
    public const int MaxLines = 10_000;

    readonly TextWriter _console;
    readonly LinkedList<string> _lines = new();
    readonly StringBuilder _partial = new();
    long _dropped;
    bool _passThrough;

    public LiveProgramOutput(TextWriter console) => _console = console;

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>The latest <paramref name="count"/> lines the program wrote.</summary>
    public IReadOnlyList<string> Latest(int count)
    {
        lock (this)
        {
            var latest = new List<string>(count);
            for (var node = _lines.Last; node != null && latest.Count < count; node = node.Previous)
            {
                latest.Insert(0, node.Value);
            }

            return latest;
        }
    }

    /// <summary>The view closed: what was kept goes to the console, and everything after it straight through.</summary>
    public void PassThrough()
    {
        lock (this)
        {
            if (_dropped > 0)
            {
                _console.WriteLine($"gotrace: the program's first {_dropped} lines of output while the live view was open are not shown");
            }

            foreach (var line in _lines)
            {
                _console.WriteLine(line);
            }

            _console.Write(_partial.ToString());
            _lines.Clear();
            _partial.Clear();
            _passThrough = true;
            _console.Flush();
        }
    }

    public override void Write(char value) => Write(new[] { value }, 0, 1);

    public override void Write(char[] buffer, int index, int count)
    {
        lock (this)
        {
            if (_passThrough)
            {
                _console.Write(buffer, index, count);
                _console.Flush();
                return;
            }

            for (var i = index; i < index + count; i++)
            {
                if (buffer[i] == '\n')
                {
                    _lines.AddLast(_partial.ToString().TrimEnd('\r'));
                    _partial.Clear();
                    if (_lines.Count > MaxLines)
                    {
                        _lines.RemoveFirst();
                        _dropped++;
                    }
                }
                else
                {
                    _partial.Append(buffer[i]);
                }
            }
        }
    }
}
