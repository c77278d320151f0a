using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;

namespace Tests.Support;

/// <summary>
/// A command running in a tmux session: a real pseudo-terminal, read with capture-pane and typed into with send-keys.
/// .ci/install-viewer-deps.sh installs tmux. Each session has a name of its own and is killed on dispose.
/// </summary>
public sealed class Tmux : IDisposable
{
    private Tmux(string session) => Session = session;

    public string Session { get; }

    /// <summary>Starts <paramref name="command"/> (a shell command line) in <paramref name="directory"/>, in a terminal of the given size.</summary>
    public static Tmux Start(string command, string directory, int width = 160, int height = 50, IDictionary<string, string>? environment = null)
    {
        var session = "gotrace-test-" + Guid.NewGuid().ToString("N").Substring(0, 12);
        var arguments = new List<string> { "new-session", "-d", "-s", session, "-x", width.ToString(), "-y", height.ToString(), "-c", directory };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            arguments.AddRange(new[] { "-e", $"{name}={value}" });
        }

        // The session stays after the command ends, so its last screen (and exit code) can still be read.
        arguments.Add(command + "; echo \"[exited $?]\"; sleep 600");
        Run(arguments.ToArray());
        return new Tmux(session);
    }

    /// <summary>What the terminal shows now (with <paramref name="history"/>, the scrollback too).</summary>
    public string Screen(bool history = false) =>
        Run(history ? new[] { "capture-pane", "-p", "-t", Session, "-S", "-2000" } : new[] { "capture-pane", "-p", "-t", Session });

    public void Type(params string[] keys) => Run(new[] { "send-keys", "-t", Session }.Concat(keys).ToArray());

    /// <summary>Waits until the screen shows <paramref name="text"/>; returns the screen, or throws with what it showed.</summary>
    public string WaitFor(string text, TimeSpan timeout, bool history = false) =>
        WaitUntil(screen => screen.Contains(text, StringComparison.Ordinal), $"show '{text}'", timeout, history);

    /// <summary>Waits until the screen no longer shows <paramref name="text"/>; returns the screen.</summary>
    public string WaitForGone(string text, TimeSpan timeout) =>
        WaitUntil(screen => !screen.Contains(text, StringComparison.Ordinal), $"stop showing '{text}'", timeout, history: false);

    private string WaitUntil(Func<string, bool> done, string what, TimeSpan timeout, bool history)
    {
        var until = DateTime.UtcNow + timeout;
        var screen = string.Empty;
        while (DateTime.UtcNow < until)
        {
            screen = Screen(history);
            if (done(screen))
            {
                return screen;
            }

            Thread.Sleep(250);
        }

        throw new TimeoutException($"the terminal did not {what} within {timeout.TotalSeconds:F0}s; it showed:\n{screen}");
    }

    public void Dispose()
    {
        try
        {
            Run(new[] { "kill-session", "-t", Session });
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static string Run(string[] arguments)
    {
        var result = ProcessRunner.Run("tmux", arguments, timeout: TimeSpan.FromSeconds(30));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(" ", arguments)} failed: {result}");
        }

        return result.StdOut;
    }
}
