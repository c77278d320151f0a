using System;
using System.IO;
using System.Reflection;
using System.Text;

namespace GoTrace.Reporter;

/// <summary>
/// <c>gotrace-report &lt;trace-file&gt; [--folded|--json] [--full-names] [-o &lt;file&gt;]</c>.
/// Exit codes: 0 report written, 2 bad input (one line on stderr, never a stack trace).
/// </summary>
public static class ReportCommand
{
    public const int Success = 0;
    public const int BadInput = 2;
    private const string Prefix = "gotrace-report: ";

    public const string Usage =
        """
        usage: gotrace-report <trace-file> [--folded|--json] [--full-names] [-o <file>]

        Reads a GoTrace trace file and prints its call tree.

          --folded       collapsed stacks for FlameGraph/speedscope (self time in µs)
          --json         the call tree as JSON
          --full-names   tree: show namespace-qualified names
          -o, --output   write the report to a file instead of standard output
          -h, --help     show this help
          --version      show the version
        """;

    /// <summary>Parses the command line, reads the trace and writes the report.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (!ReportArguments.TryParse(args, out var parsed, out var error))
        {
            return Fail(stderr, error);
        }

        if (parsed.ShowHelp)
        {
            stdout.WriteLine(Usage);
            return Success;
        }

        if (parsed.ShowVersion)
        {
            stdout.WriteLine("gotrace-report " + VersionText());
            return Success;
        }

        var path = parsed.TracePath!;
        if (Directory.Exists(path))
        {
            return Fail(stderr, $"not a file: {path}");
        }

        if (!File.Exists(path))
        {
            return Fail(stderr, $"no such file: {path}");
        }

        TraceFile file;
        try
        {
            file = TraceFile.Open(path);
        }
        catch (TraceFormatException e)
        {
            return Fail(stderr, $"{path}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(stderr, $"cannot read {path}: {e.Message}");
        }

        using (file)
        {
            return Render(file, parsed.Options, stdout, stderr);
        }
    }

    /// <summary>
    /// Builds the call tree of an open trace and writes it as <paramref name="options"/> say, to
    /// <see cref="ReportOptions.OutputPath"/> or else <paramref name="stdout"/>; notes go to
    /// <paramref name="stderr"/>. Returns the exit code.
    /// </summary>
    public static int Render(TraceFile file, ReportOptions options, TextWriter stdout, TextWriter stderr)
    {
        CallTree tree;
        try
        {
            tree = CallTree.Build(file);
        }
        catch (TraceFormatException e)
        {
            return Fail(stderr, $"{file.Path}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(stderr, $"cannot read {file.Path}: {e.Message}");
        }

        if (options.OutputPath is { } outputPath)
        {
            try
            {
                using var output = new StreamWriter(outputPath, append: false, new UTF8Encoding(false));
                Write(tree, options, output);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Fail(stderr, $"cannot write {outputPath}: {e.Message}");
            }
        }
        else
        {
            try
            {
                Write(tree, options, stdout);
            }
            catch (IOException e)
            {
                return Fail(stderr, $"cannot write the report: {e.Message}");
            }
        }

        WriteNotes(tree, stderr);
        return Success;
    }

    /// <summary>Writes the report in the chosen format (no notes).</summary>
    public static void Write(CallTree tree, ReportOptions options, TextWriter output)
    {
        switch (options.Format)
        {
            case ReportFormat.Folded:
                FoldedRenderer.Render(tree, output);
                break;
            case ReportFormat.Json:
                JsonRenderer.Render(tree, output);
                break;
            default:
                TreeRenderer.Render(tree, output, options.FullNames);
                break;
        }

        output.Flush();
    }

    /// <summary>Writes the tree's notes as <c>gotrace-report: note: …</c> lines.</summary>
    public static void WriteNotes(CallTree tree, TextWriter stderr)
    {
        foreach (var note in tree.Notes)
        {
            stderr.WriteLine(Prefix + "note: " + note);
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
