using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Threading;
using GoTrace.Reporter;
using GoTrace.Reporter.CommandLine;
using GoTrace.Reporter.Live;

namespace GoTrace.Cli;

/// <summary>
/// <c>gotrace top &lt;trace-file&gt; [--once] [--interval &lt;d&gt;] [--full-names]</c>: what a running program is doing,
/// from the trace it is writing (<see cref="LiveView"/>), refreshed every interval; q quits and leaves the program
/// running. Printed frame by frame when stdout is not a terminal, once with <c>--once</c>.
/// </summary>
public static class TopCommand
{
    public static Command Create(IReadOnlyList<string> afterSeparator, CliConsole console)
    {
        var trace = PathArgument.Create("trace-file", "The trace file a running program is writing (GOTRACE_OUTPUT, or <App>.<pid>.gotrace)", defaultValue: null);
        var options = new LiveOptions();
        var command = new Command("top",
            "Watch a running program through the trace it is writing: every interval, the functions with the most time in it, calls per second, p50, p99 and max of the calls that ended, and the threads. q quits; the program goes on.")
        {
            trace,
        };
        command.SetUsage("gotrace top <trace-file> [--once] [--interval <duration>] [--full-names]");
        options.AddTo(command, withOnce: true);
        command.SetCheck((parseResult, _) => options.Check(parseResult));
        command.SetAction(parseResult =>
        {
            var log = new StatusLog(console.Error, verbose: false);
            return CliException.Guard(log, () =>
            {
                if (afterSeparator.Count > 0)
                {
                    throw new CliException($"top watches a trace file and takes no arguments after -- (got '{afterSeparator[0]}')");
                }

                var path = parseResult.GetValue(trace)!;
                if (Directory.Exists(path) || !File.Exists(path))
                {
                    throw new CliException(Directory.Exists(path) ? $"not a file: {path}" : $"no such file: {path}");
                }

                return Watch(path, options.Read(parseResult, console, waitForTrace: TimeSpan.FromSeconds(5)), console);
            });
        });
        return command;
    }

    /// <summary>Runs the view on <paramref name="path"/> until it ends (q, Ctrl+C, the program's end, --once).</summary>
    public static int Watch(string path, LiveViewOptions options, CliConsole console)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            if (LiveView.Run(path, options, console.Out, cancel.Token) is { } problem)
            {
                throw new CliException(problem);
            }

            return ExitCodes.Success;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}

/// <summary><c>--interval</c>, <c>--once</c> and <c>--full-names</c> of <c>gotrace top</c>; <c>--live</c> of <c>gotrace run</c> takes the interval.</summary>
public sealed class LiveOptions
{
    public static readonly HelpSection Section = new("live view", Order: 25);

    public Option<string> Interval { get; } = new Option<string>("--interval")
    {
        Description = "Time between two refreshes, each showing that interval (default 1s; at least 100ms)",
        HelpName = "duration",
    }.InSection(Section);

    public Option<bool> Once { get; } = new Option<bool>("--once")
    {
        Description = "Print one interval and exit",
        Arity = ArgumentArity.Zero,
    }.InSection(Section);

    public Option<bool> FullNames { get; } = new Option<bool>("--full-names")
    {
        Description = "Namespace-qualified names",
        Arity = ArgumentArity.Zero,
    }.InSection(Section);

    public void AddTo(Command command, bool withOnce)
    {
        command.Options.Add(Interval);
        if (withOnce)
        {
            command.Options.Add(Once);
            command.Options.Add(FullNames);
        }
    }

    /// <summary>A bad interval, in one line; null when the command line is fine.</summary>
    public string? Check(ParseResult parseResult) =>
        parseResult.GetValue(Interval) is { } text && !TryInterval(text, out _)
            ? $"--interval needs a duration of at least 100ms, like 500ms, 1s or 2.5s (got '{text}')"
            : null;

    public LiveViewOptions Read(ParseResult parseResult, CliConsole console, TimeSpan waitForTrace, Func<bool>? stopWhen = null,
        Func<int, IReadOnlyList<string>>? footer = null)
    {
        var once = parseResult.GetResult(Once) != null && parseResult.GetValue(Once);
        TryInterval(parseResult.GetValue(Interval) ?? "1s", out var interval);
        return new LiveViewOptions
        {
            Interval = interval,
            Once = once,
            Interactive = !once && console.Terminal.OutputIsTerminal && !Console.IsInputRedirected,
            FullNames = parseResult.GetResult(FullNames) != null && parseResult.GetValue(FullNames),
            WaitForTrace = waitForTrace,
            StopWhen = stopWhen,
            Footer = footer,
        };
    }

    static bool TryInterval(string text, out TimeSpan interval)
    {
        var ok = DurationArgument.TryParse(text, out var nanoseconds) && nanoseconds >= 100_000_000;
        interval = TimeSpan.FromTicks(nanoseconds / 100);
        return ok;
    }
}
