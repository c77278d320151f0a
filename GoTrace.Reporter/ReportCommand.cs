using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Help;
using System.Reflection;
using GoTrace.Reporter.CommandLine;

namespace GoTrace.Reporter;

/// <summary>
/// <c>gotrace-report &lt;trace-file&gt; [options]</c> and <c>gotrace-report diff &lt;base&gt; &lt;head&gt; [options]</c>.
/// Exit codes: 0 report written, 1 <c>diff --fail-above</c> found a regression, 2 bad input (one line on
/// stderr, never a stack trace), 3 an internal error (a bug; also one line).
/// </summary>
public static class ReportCommand
{
    public const int Success = 0;
    public const int Regression = 1;
    public const int BadInput = 2;
    public const int InternalError = 3;
    private const string Prefix = "gotrace-report: ";

    /// <summary>Runs with text output and no terminal (no colour, no progress): tests and the CLI.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        using var output = new ReportOutput(stdout);
        return Run(args, output, stderr, ReportConsole.Redirected);
    }

    /// <summary>Runs with standard output as a byte stream; <paramref name="console"/> says what is a terminal.</summary>
    public static int Run(string[] args, Stream stdout, TextWriter stderr, ReportConsole console)
    {
        using var output = new ReportOutput(new GuardedStream(stdout), ownsStream: false);
        return Run(args, output, stderr, console);
    }

    /// <summary>
    /// Builds the call tree of an open trace and writes it as <paramref name="options"/> say, to
    /// <see cref="ReportOptions.OutputPath"/> or else <paramref name="stdout"/>; notes go to
    /// <paramref name="stderr"/>. Returns the exit code.
    /// </summary>
    public static int Render(TraceFile file, ReportOptions options, TextWriter stdout, TextWriter stderr)
    {
        using var output = new ReportOutput(stdout);
        return Report(file, options, output, stderr, ReportConsole.Redirected);
    }

    /// <summary>Writes a tree in the chosen aggregate format (tree, folded, JSON; the flat profile with <see cref="ReportOptions.Top"/>), no notes.</summary>
    public static void Write(CallTree tree, ReportOptions options, TextWriter output)
    {
        WriteTree(tree, options, output, ConsoleStyle.Plain);
        output.Flush();
    }

    /// <summary>Writes the tree's notes as <c>gotrace-report: note: …</c> lines.</summary>
    public static void WriteNotes(CallTree tree, TextWriter stderr) => WriteNotes(tree.Notes, stderr, string.Empty);

    /// <summary>
    /// Reports a command line already read (<c>gotrace report</c>, <c>gotrace diff</c>, <c>gotrace run</c>'s trace)
    /// to <paramref name="stdout"/> as text; <paramref name="console"/> says what is a terminal. Returns the exit code.
    /// </summary>
    public static int Run(ReportArguments arguments, TextWriter stdout, TextWriter stderr, ReportConsole console)
    {
        using var output = new ReportOutput(stdout);
        return Execute(arguments, output, stderr, console);
    }

    private static int Run(string[] args, ReportOutput stdout, TextWriter stderr, ReportConsole console)
    {
        var (root, report, diff) = ReportCommandLine.Standalone();
        var parseResult = root.Parse(args, ReportCommandLine.ParserConfiguration);
        if (root.Options.OfType<HelpOption>().Any(help => parseResult.GetResult(help) != null))
        {
            return WriteLine(stdout, HelpText.For(parseResult.CommandResult.Command, "gotrace-report").TrimEnd('\n'));
        }

        if (root.Directives.OfType<SuggestDirective>().Any(suggest => parseResult.GetResult(suggest) != null))
        {
            // [suggest:<position>] "<command line>": the words that could come next, from the same definition.
            var writer = stdout.AsWriter();
            var exitCode = parseResult.Invoke(new InvocationConfiguration { Output = writer, Error = stderr });
            writer.Flush();
            return exitCode;
        }

        if (root.Options.OfType<VersionOption>().Any(version => parseResult.GetResult(version) != null))
        {
            return WriteLine(stdout, "gotrace-report " + VersionText());
        }

        var definition = parseResult.CommandResult.Command == diff.Command ? diff : report;
        var parsed = definition.Read(parseResult, args, out var error);
        return parsed == null ? Fail(stderr, error!) : Execute(parsed, stdout, stderr, console);
    }

    private static int WriteLine(ReportOutput stdout, string text)
    {
        var writer = stdout.AsWriter();
        writer.WriteLine(text);
        writer.Flush();
        return Success;
    }

    private static int Execute(ReportArguments parsed, ReportOutput stdout, TextWriter stderr, ReportConsole console)
    {
        if (parsed.IsDiff)
        {
            return Diff(parsed, stdout, stderr, console);
        }

        var path = parsed.Paths[0];
        if (!TryOpen(path, stderr, out var file, out var exitCode))
        {
            return exitCode;
        }

        using (file)
        {
            return Report(file!, parsed.Options, stdout, stderr, console);
        }
    }

    private static int Report(TraceFile file, ReportOptions options, ReportOutput stdout, TextWriter stderr, ReportConsole console)
    {
        file.Compensate = !options.Raw;
        if (!SelectThreads(file, options, stderr, out var threads, out var exitCode))
        {
            return exitCode;
        }

        var progress = new ProgressCounter((threads ?? file.Threads).Sum(t => t.ChunkBytes));
        if (options.OtlpEndpoint != null)
        {
            return ExportOtlp(file, options, stderr, progress, console);
        }

        ReportFile? toFile = null;
        try
        {
            IReadOnlyList<string> notes;
            if (options.IsSingleCalls)
            {
                if (options.OutputPath != null && !TryCreate(options.OutputPath, stderr, out toFile, out exitCode))
                {
                    return exitCode;
                }

                // Every thread is replayed (calls reach across threads); --thread picks where calls start.
                var output = toFile?.Output ?? stdout;
                var everything = new ProgressCounter(file.Threads.Sum(t => t.ChunkBytes));
                IReadOnlyList<string>? found;
                string? error;
                using (new ProgressDisplay(stderr, everything, "reading events", console.ErrorIsTerminal))
                {
                    found = SingleCallReport.Write(file, options, threads, output.AsWriter(),
                        ConsoleStyle.Decide(options.Color, console.OutputIsTerminal, toFile != null), everything, tree => Pruned(tree, options), out error);
                }

                if (found == null)
                {
                    return Fail(stderr, error!);
                }

                output.Flush();
                notes = found;
            }
            else if (options.IsTimeline)
            {
                if (!TimelineFits(file, options, threads, stderr, out exitCode)
                    || (options.OutputPath != null && !TryCreate(options.OutputPath, stderr, out toFile, out exitCode)))
                {
                    return exitCode;
                }

                var output = toFile?.Output ?? stdout;
                ReplayCounts counts;
                using (new ProgressDisplay(stderr, progress, "reading events", console.ErrorIsTerminal))
                {
                    counts = RenderTimeline(file, options, threads, output.AsStream(), progress);
                    output.Flush();
                }

                notes = TraceNotes.Describe(file, counts, threads == null);
            }
            else if (options.PerThread)
            {
                if (options.OutputPath != null && !TryCreate(options.OutputPath, stderr, out toFile, out exitCode))
                {
                    return exitCode;
                }

                var output = toFile?.Output ?? stdout;
                var style = ConsoleStyle.Decide(options.Color, console.OutputIsTerminal, toFile != null);
                using (new ProgressDisplay(stderr, progress, "reading events", console.ErrorIsTerminal))
                {
                    notes = PerThreadReport.Write(file, threads, options, output.AsWriter(), style, progress, tree => Pruned(tree, options));
                }

                output.Flush();
            }
            else
            {
                CallTree tree;
                using (new ProgressDisplay(stderr, progress, "reading events", console.ErrorIsTerminal))
                {
                    // Folded stacks and the HTML flame graph show no distributions: their replay records none.
                    var durations = options.Top != null || options.Format is ReportFormat.Tree or ReportFormat.Json;
                    tree = CallTree.Build(file, threads, progress, Environment.ProcessorCount, durations: durations);
                }

                if (!ApplyViews(ref tree, options, stderr, out exitCode) || !TreeFits(tree, options, stderr, out exitCode))
                {
                    return exitCode;
                }

                if (options.OutputPath != null && !TryCreate(options.OutputPath, stderr, out toFile, out exitCode))
                {
                    return exitCode;
                }

                var output = toFile?.Output ?? stdout;
                var style = ConsoleStyle.Decide(options.Color, console.OutputIsTerminal, toFile != null);
                var hiddenNote = (string?)null;
                if (console.OutputIsTerminal && toFile == null)
                {
                    tree = TerminalView.Shorten(tree, options, out hiddenNote);
                }

                if (options.Format == ReportFormat.Html && options.Top == null)
                {
                    HtmlRenderer.Render(Pruned(tree, options), file, output.AsStream(), options.FullNames, FlatProfile.Of(tree));
                }
                else
                {
                    WriteTree(tree, options, output.AsWriter(), style);
                }

                output.Flush();
                notes = hiddenNote == null ? tree.Notes : tree.Notes.Append(hiddenNote).ToList();
            }

            toFile?.Commit();
            WriteNotes(notes, stderr, string.Empty);
            return Success;
        }
        catch (TraceFormatException e)
        {
            return Fail(stderr, $"{file.Path}: {e.Message}");
        }
        catch (OutputException e)
        {
            return e.IsBrokenPipe ? Success : Fail(stderr, $"cannot write the report: {e.InnerException!.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(stderr, $"cannot read {file.Path}: {e.Message}");
        }
        finally
        {
            // Uncommitted (the report failed, whatever the exception): the temporary file goes, the target stays as it was.
            toFile?.Dispose();
        }
    }

    private static int ExportOtlp(TraceFile file, ReportOptions options, TextWriter stderr, ProgressCounter progress, ReportConsole console)
    {
        var export = new OtlpExportOptions
        {
            Endpoint = options.OtlpEndpoint!,
            Protocol = options.OtlpProtocol,
            ServiceName = options.ServiceName,
            MinDurationNanos = options.MinDurationNanos ?? OtlpExporter.DefaultMinDurationNanos,
        };
        try
        {
            OtlpExportResult result;
            using (new ProgressDisplay(stderr, progress, "sending spans", console.ErrorIsTerminal))
            {
                result = OtlpExporter.Export(file, export, progress);
            }

            stderr.WriteLine(Prefix + result.Summary(export.MinDurationNanos.Value));
            WriteNotes(result.Notes, stderr, string.Empty);
            return Success;
        }
        catch (OtlpExportException e)
        {
            return Fail(stderr, e.Message);
        }
        catch (TraceFormatException e)
        {
            return Fail(stderr, $"{file.Path}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(stderr, $"cannot read {file.Path}: {e.Message}");
        }
    }

    /// <summary>Focus or callers, then (unless a flat profile is asked for) nothing else: pruning happens at render time.</summary>
    private static bool ApplyViews(ref CallTree tree, ReportOptions options, TextWriter stderr, out int exitCode)
    {
        exitCode = Success;
        foreach (var (flag, pattern) in new[] { ("--focus", options.Focus), ("--callers", options.Callers) })
        {
            if (pattern == null)
            {
                continue;
            }

            var matcher = FunctionMatcher.Find(pattern, FunctionMatcher.FunctionsIn(tree));
            if (matcher == null)
            {
                exitCode = Fail(stderr, $"no function in the trace matches {flag} '{pattern}' (give a full name like App.Db.Connect, a short name like Db.Connect, or a glob like *Connect*)");
                return false;
            }

            tree = flag == "--focus" ? TreeViews.Focus(tree, matcher) : TreeViews.Callers(tree, matcher);
        }

        return true;
    }

    private static ReplayCounts RenderTimeline(TraceFile file, ReportOptions options, IReadOnlyCollection<TraceThread>? threads, Stream output, ProgressCounter? progress) =>
        options.Format == ReportFormat.Chrome
            ? ChromeRenderer.Render(
                file,
                output,
                new ChromeOptions { FullNames = options.FullNames, Threads = threads, MaxDepth = options.Depth, MinDurationNanos = options.MinDurationNanos ?? 0 },
                progress,
                Environment.ProcessorCount)
            : SpeedscopeRenderer.Render(file, output, new SpeedscopeOptions { Threads = threads, MaxDepth = options.Depth }, progress);

    /// <summary>
    /// False (and one line) when the timeline export would pass <c>--export-limit</c>: estimated from the event data,
    /// and, when a view can make it smaller, measured by formatting it into nothing.
    /// </summary>
    private static bool TimelineFits(TraceFile file, ReportOptions options, IReadOnlyCollection<TraceThread>? threads, TextWriter stderr, out int exitCode)
    {
        exitCode = Success;
        var limit = options.ExportLimitBytes;
        if (limit <= 0)
        {
            return true;
        }

        long? calls = ExportSize.Calls(file, threads);
        var bytes = ExportSize.Timeline(file, options, calls.Value);
        if (bytes > limit && (options.Depth != null || (options.Format == ReportFormat.Chrome && options.MinDurationNanos > 0)))
        {
            bytes = ExportSize.Measure(stream => RenderTimeline(file, options, threads, stream, null));
            calls = null;
        }

        if (bytes <= limit)
        {
            return true;
        }

        exitCode = Fail(stderr, ExportSize.Refusal(options, FormatFlag(options.Format), bytes, calls));
        return false;
    }

    /// <summary>False (and one line) when the tree, written as JSON or folded stacks after the views, would pass <c>--export-limit</c>.</summary>
    private static bool TreeFits(CallTree tree, ReportOptions options, TextWriter stderr, out int exitCode)
    {
        exitCode = Success;
        if (options.ExportLimitBytes <= 0 || options.Top != null || options.Format is not (ReportFormat.Json or ReportFormat.Folded))
        {
            return true;
        }

        var bytes = ExportSize.Tree(Pruned(tree, options), options.Format);
        if (bytes <= options.ExportLimitBytes)
        {
            return true;
        }

        exitCode = Fail(stderr, ExportSize.Refusal(options, FormatFlag(options.Format), bytes, null));
        return false;
    }

    private static string FormatFlag(ReportFormat format) => "--" + format.ToString().ToLowerInvariant();

    private static CallTree Pruned(CallTree tree, ReportOptions options)
    {
        var minTicks = MinTicks(tree, options);
        return options.Depth != null || minTicks > 0 ? TreeViews.Prune(tree, options.Depth, minTicks) : tree;
    }

    private static long MinTicks(CallTree tree, ReportOptions options)
    {
        var byPercent = options.MinPercent is { } p ? (long)Math.Ceiling(p / 100 * tree.TotalTicks) : 0;
        var byDuration = options.MinDurationNanos is { } ns ? (long)Math.Ceiling(ns / 1e9 * tree.ClockFrequency) : 0;
        return Math.Max(byPercent, byDuration);
    }

    private static void WriteTree(CallTree tree, ReportOptions options, TextWriter output, ConsoleStyle style)
    {
        if (options.Top is { } top)
        {
            var profile = FlatProfile.Of(tree);
            if (options.Format == ReportFormat.Json)
            {
                TopRenderer.RenderJson(profile, top, output, MinTicks(tree, options));
            }
            else
            {
                TopRenderer.Render(profile, top, output, options.FullNames, style, MinTicks(tree, options));
            }

            return;
        }

        tree = Pruned(tree, options);
        switch (options.Format)
        {
            case ReportFormat.Folded:
                FoldedRenderer.Render(tree, output);
                break;
            case ReportFormat.Json:
                JsonRenderer.Render(tree, output);
                break;
            default:
                TreeRenderer.Render(tree, output, options.FullNames, style);
                break;
        }
    }

    private static int Diff(ReportArguments parsed, ReportOutput stdout, TextWriter stderr, ReportConsole console)
    {
        var options = parsed.Options;
        var trees = new CallTree[2];
        for (var i = 0; i < 2; i++)
        {
            var path = parsed.Paths[i];
            if (!TryOpen(path, stderr, out var file, out var exitCode))
            {
                return exitCode;
            }

            using (file)
            {
                file!.Compensate = !options.Raw;
                if (!SelectThreads(file!, options, stderr, out var threads, out exitCode))
                {
                    return exitCode;
                }

                try
                {
                    var progress = new ProgressCounter((threads ?? file!.Threads).Sum(t => t.ChunkBytes));
                    using (new ProgressDisplay(stderr, progress, "reading " + (i == 0 ? "base" : "head"), console.ErrorIsTerminal))
                    {
                        trees[i] = CallTree.Build(file!, threads, progress, Environment.ProcessorCount, durations: false);
                    }
                }
                catch (TraceFormatException e)
                {
                    return Fail(stderr, $"{path}: {e.Message}");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return Fail(stderr, $"cannot read {path}: {e.Message}");
                }
            }
        }

        var diff = TraceDiff.Compare(trees[0], trees[1], options.MinDurationNanos ?? TraceDiff.DefaultMinNanos, options.MinPercent ?? TraceDiff.DefaultMinPercent);
        ReportFile? toFile = null;
        try
        {
            if (options.OutputPath != null && !TryCreate(options.OutputPath, stderr, out toFile, out var exitCode))
            {
                return exitCode;
            }

            var output = toFile?.Output ?? stdout;
            var writer = output.AsWriter();
            if (options.Format == ReportFormat.Json)
            {
                DiffRenderer.RenderJson(diff, parsed.Paths[0], parsed.Paths[1], writer, parsed.FailAbove);
            }
            else
            {
                DiffRenderer.Render(diff, parsed.Paths[0], parsed.Paths[1], writer, options.Top, options.FullNames, ConsoleStyle.Decide(options.Color, console.OutputIsTerminal, toFile != null));
            }

            output.Flush();
            toFile?.Commit();
        }
        catch (OutputException e)
        {
            return e.IsBrokenPipe ? Success : Fail(stderr, $"cannot write the report: {e.InnerException!.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(stderr, $"cannot write {options.OutputPath}: {e.Message}");
        }
        finally
        {
            toFile?.Dispose();
        }

        WriteNotes(trees[0].Notes, stderr, "base: ");
        WriteNotes(trees[1].Notes, stderr, "head: ");
        if (diff.UnrelatedNote != null)
        {
            WriteNotes(new[] { diff.UnrelatedNote }, stderr, string.Empty);
        }

        if (parsed.FailAbove is { } limit)
        {
            var slower = diff.SlowerThan(limit);
            if (slower.Count > 0)
            {
                var limitText = limit.ToString("0.###", CultureInfo.InvariantCulture);
                var listed = string.Join(", ", slower.Take(5).Select(f => $"{f.Name} ({(f.TotalChangePercent!.Value >= 0 ? "+" : string.Empty)}{f.TotalChangePercent.Value.ToString("0.0", CultureInfo.InvariantCulture)}%)"));
                stderr.WriteLine(Prefix + $"{slower.Count} function{(slower.Count == 1 ? string.Empty : "s")} got slower by more than {limitText}% (total time): {listed}{(slower.Count > 5 ? ", …" : string.Empty)}");
                return Regression;
            }
        }

        return Success;
    }

    private static bool TryOpen(string path, TextWriter stderr, out TraceFile? file, out int exitCode)
    {
        file = null;
        exitCode = Success;
        if (Directory.Exists(path))
        {
            exitCode = Fail(stderr, $"not a file: {path}");
            return false;
        }

        if (!File.Exists(path))
        {
            exitCode = Fail(stderr, $"no such file: {path}");
            return false;
        }

        try
        {
            file = TraceFile.Open(path);
            return true;
        }
        catch (TraceFormatException e)
        {
            exitCode = Fail(stderr, $"{path}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            exitCode = Fail(stderr, $"cannot read {path}: {e.Message}");
        }

        return false;
    }

    private static bool SelectThreads(TraceFile file, ReportOptions options, TextWriter stderr, out List<TraceThread>? threads, out int exitCode)
    {
        threads = null;
        exitCode = Success;
        if (options.Threads.Count == 0)
        {
            return true;
        }

        if (!ThreadSelector.TrySelect(file, options.Threads, out var selected, out var unmatched))
        {
            exitCode = Fail(stderr, $"{file.Path}: no thread matches --thread '{unmatched}' ({ThreadSelector.Describe(file)})");
            return false;
        }

        threads = selected;
        return true;
    }

    private static bool TryCreate(string path, TextWriter stderr, out ReportFile? output, out int exitCode)
    {
        output = null;
        exitCode = Success;
        try
        {
            output = ReportFile.Create(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            exitCode = Fail(stderr, $"cannot write {path}: {e.Message}");
            return false;
        }
    }

    private static void WriteNotes(IEnumerable<string> notes, TextWriter stderr, string prefix)
    {
        foreach (var note in notes)
        {
            stderr.WriteLine(Prefix + "note: " + prefix + note);
        }
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine(Prefix + message.ReplaceLineEndings(" "));
        return BadInput;
    }

    private static string VersionText()
    {
        var assembly = typeof(ReportCommand).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "unknown";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version.Substring(0, plus);
    }
}

/// <summary>What of the console is a terminal: decides colour (stdout) and progress (stderr).</summary>
public sealed class ReportConsole
{
    public static readonly ReportConsole Redirected = new(false, false);

    public ReportConsole(bool outputIsTerminal, bool errorIsTerminal)
    {
        OutputIsTerminal = outputIsTerminal;
        ErrorIsTerminal = errorIsTerminal;
    }

    public bool OutputIsTerminal { get; }

    public bool ErrorIsTerminal { get; }

    /// <summary>The process's own console.</summary>
    public static ReportConsole FromConsole() => new(!Console.IsOutputRedirected, !Console.IsErrorRedirected);
}
