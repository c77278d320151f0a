using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;

namespace GoTrace.Reporter.Live;

/// <summary>How <c>gotrace top</c> shows a running program's trace.</summary>
public sealed class LiveViewOptions
{
    /// <summary>Time between two frames (and the interval each frame covers).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Print one frame (the first interval) and return.</summary>
    public bool Once { get; init; }

    /// <summary>Redraw in place in the terminal and read keys (q quits); otherwise print frames one after the other.</summary>
    public bool Interactive { get; init; }

    public bool FullNames { get; init; }

    /// <summary>Lines a printed (not interactive) frame may take.</summary>
    public int PrintedLines { get; init; } = 40;

    /// <summary>When it returns true the view ends (the program it watches has exited).</summary>
    public Func<bool>? StopWhen { get; init; }

    /// <summary>Lines shown under the tables (the program's latest output, for <c>gotrace run --live</c>), given how many fit.</summary>
    public Func<int, IReadOnlyList<string>>? Footer { get; init; }

    /// <summary>How long to wait for the file to become a trace before giving up (the program may still be starting).</summary>
    public TimeSpan WaitForTrace { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The loop behind <c>gotrace top</c>: polls a <see cref="LiveTrace"/> every interval and shows the frame, redrawn
/// in place on the terminal's alternate screen (q quits; the program is left running), printed one after the other
/// when output is not a terminal, or printed once with <see cref="LiveViewOptions.Once"/>.
/// </summary>
public static class LiveView
{
    /// <summary>Runs the view; returns null when it ended normally, else one line saying why it could not run.</summary>
    public static string? Run(string path, LiveViewOptions options, TextWriter output, CancellationToken cancel)
    {
        var trace = new LiveTrace(path);
        var started = DateTime.UtcNow;
        string? problem = null;
        var interactive = options.Interactive && !options.Once;
        if (interactive)
        {
            output.Write("\u001b[?1049h\u001b[?25l");
            output.Flush();
        }

        try
        {
            var baseline = false;
            while (!cancel.IsCancellationRequested)
            {
                if (!baseline)
                {
                    // The first poll finds where each thread is; a file that is no trace yet may be one soon.
                    trace.Poll(out problem);
                    if (problem != null)
                    {
                        if (DateTime.UtcNow - started > options.WaitForTrace || options.StopWhen?.Invoke() == true)
                        {
                            return $"{path}: {problem}";
                        }

                        if (interactive)
                        {
                            Draw(output, new List<string> { $"gotrace top  waiting for {path} ({problem})" }, options);
                        }

                        if (Wait(TimeSpan.FromMilliseconds(200), interactive, cancel, options))
                        {
                            return null;
                        }

                        continue;
                    }

                    baseline = true;
                }

                if (Wait(options.Interval, interactive, cancel, options))
                {
                    return null;
                }

                var frame = trace.Poll(out problem);
                if (frame == null)
                {
                    continue; // the file was replaced or cut: the next poll starts again
                }

                if (interactive)
                {
                    Draw(output, Compose(frame, options, Console.WindowHeight, "q quits"), options);
                    if (options.StopWhen?.Invoke() == true)
                    {
                        return null;
                    }

                    // The program has ended: its last frame stays until q.
                    while (frame.ProgramEnded && !Wait(options.Interval, interactive, cancel, options))
                    {
                    }

                    if (frame.ProgramEnded)
                    {
                        return null;
                    }

                    continue;
                }

                foreach (var line in Compose(frame, options, options.PrintedLines, string.Empty))
                {
                    output.WriteLine(line);
                }

                output.Flush();
                if (options.Once || frame.ProgramEnded || options.StopWhen?.Invoke() == true)
                {
                    return null;
                }

                output.WriteLine();
            }

            return null;
        }
        finally
        {
            if (interactive)
            {
                output.Write("\u001b[?25h\u001b[?1049l");
                output.Flush();
            }
        }
    }

    private static List<string> Compose(LiveFrame frame, LiveViewOptions options, int height, string note)
    {
        var footer = options.Footer;
        var footerLines = footer == null ? 0 : Math.Min(10, height / 3);
        var lines = LiveRenderer.Lines(frame, note, Math.Max(4, height - (footerLines > 0 ? footerLines + 2 : 0)), options.FullNames);
        if (footer != null)
        {
            lines.Add(string.Empty);
            lines.Add("program output:");
            lines.AddRange(footer(footerLines));
        }

        return lines;
    }

    /// <summary>Redraws the screen in place, each line cut to the terminal's width.</summary>
    private static void Draw(TextWriter output, List<string> lines, LiveViewOptions options)
    {
        int width, height;
        try
        {
            (width, height) = (Math.Max(20, Console.WindowWidth), Math.Max(5, Console.WindowHeight));
        }
        catch (IOException)
        {
            (width, height) = (120, 40);
        }

        var screen = new StringBuilder("\u001b[H");
        foreach (var line in lines.Take(height))
        {
            screen.Append(line.Length > width ? line.Substring(0, width) : line).Append("\u001b[K\r\n");
        }

        screen.Append("\u001b[J");
        output.Write(screen.ToString());
        output.Flush();
    }

    /// <summary>Waits <paramref name="time"/>, reading keys when interactive; true when the view should end (q, Ctrl+C, or the program stopped).</summary>
    private static bool Wait(TimeSpan time, bool interactive, CancellationToken cancel, LiveViewOptions options)
    {
        var until = DateTime.UtcNow + time;
        while (DateTime.UtcNow < until)
        {
            if (cancel.IsCancellationRequested)
            {
                return true;
            }

            if (interactive && KeyQuits())
            {
                return true;
            }

            if (options.StopWhen?.Invoke() == true && !interactive)
            {
                return false; // print the last frame, then stop
            }

            cancel.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(Math.Min(50, Math.Max(1, (until - DateTime.UtcNow).TotalMilliseconds))));
        }

        return false;
    }

    private static bool KeyQuits()
    {
        try
        {
            while (Console.KeyAvailable)
            {
                var key = Console.ReadKey(intercept: true);
                if (key.KeyChar is 'q' or 'Q' || key.Key == ConsoleKey.Escape)
                {
                    return true;
                }
            }
        }
        catch (InvalidOperationException)
        {
            // stdin is not a terminal: nothing to read
        }

        return false;
    }
}
