using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Cli;

/// <summary>
/// A real library woven from NuGet, the way the README's "How much to trust the numbers" tells it: an app that
/// renders Markdown with Markdig, published, then woven with <c>--include '[MdApp]*|[Markdig]*'</c> twice: tiny
/// members counted (the default) and every method timed (<c>--tiny-members time</c>, as GoTrace wove before tiny
/// members were counted). Each run times its render loop with Stopwatch; the tree is read compensated and raw.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class MarkdigLibraryTests
{
    private const string ProgramSource = """
        using System.Diagnostics;
        using System.Globalization;
        using System.Text;
        using Markdig;

        namespace MdApp;

        public static class Program
        {
            public static int Main()
            {
                var text = Document();
                var pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();
                Render(text, pipeline, 3);
                var watch = Stopwatch.StartNew();
                var length = Render(text, pipeline, 200);
                Console.WriteLine("length: " + length);
                Console.WriteLine("render_ms: " + watch.Elapsed.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture));
                return 0;
            }

            public static long Render(string text, MarkdownPipeline pipeline, int times)
            {
                long length = 0;
                for (var i = 0; i < times; i++)
                {
                    length += Markdown.ToHtml(text, pipeline).Length;
                }

                return length;
            }

            static string Document()
            {
                var text = new StringBuilder();
                for (var i = 0; i < 40; i++)
                {
                    text.AppendLine($"## Section {i}").AppendLine();
                    text.AppendLine($"Some *emphasis*, **strong** text, `code`, a [link](https://example.com/{i}) and ~~strike~~.").AppendLine();
                    text.AppendLine("- item one\n- item **two**\n  - nested `three`").AppendLine();
                    text.AppendLine("| a | b |\n|---|---|\n| 1 | 2 |").AppendLine();
                    text.AppendLine("```csharp\nvar x = 1;\n```").AppendLine();
                }

                return text.ToString();
            }
        }
        """;

    private string _root = string.Empty;
    private ProcessResult _untraced = null!;
    private readonly Dictionary<string, (ProcessResult Run, string Trace)> _woven = new();

    [OneTimeSetUp]
    public void PublishWeaveAndRun()
    {
        _root = RepoPaths.NewTempDirectory("gotrace-markdig");
        var publish = PublishedApp.Publish(_root, "MdApp", "Markdig", "1.6.0", ProgramSource, implicitUsings: true);
        _untraced = ProcessRunner.Dotnet(new[] { Path.Combine(publish, "MdApp.dll") }, _root);

        foreach (var tiny in new[] { "count", "time" })
        {
            var woven = Path.Combine(_root, "woven-" + tiny);
            var weave = Gotrace.Run(new[] { "weave", publish, "-o", woven, "--include", "[MdApp]*|[Markdig]*", "--tiny-members", tiny }, _root);
            weave.ExitCode.ShouldBe(0, weave.ToString());
            var trace = Path.Combine(_root, tiny + ".gotrace");
            var run = ProcessRunner.Dotnet(new[] { Path.Combine(woven, "MdApp.dll") }, _root,
                new Dictionary<string, string?> { ["GOTRACE_OUTPUT"] = trace, ["GOTRACE_QUIET"] = "1" });
            _woven[tiny] = (run, trace);
        }
    }

    [OneTimeTearDown]
    public void Delete() => RepoPaths.DeleteDirectories(_root);

    [Test]
    public void Woven_Markdig_renders_what_the_untraced_one_renders()
    {
        _untraced.ExitCode.ShouldBe(0, _untraced.ToString());
        foreach (var (run, _) in _woven.Values)
        {
            run.ExitCode.ShouldBe(0, run.ToString());
            Line(run, "length").ShouldBe(Line(_untraced, "length"));
        }
    }

    [Test]
    public void The_compensated_tree_of_the_render_loop_comes_near_the_untraced_time()
    {
        var untracedMs = double.Parse(Line(_untraced, "render_ms"), CultureInfo.InvariantCulture);
        var lines = new List<string> { $"untraced: render loop {untracedMs:F1} ms (Stopwatch)" };
        foreach (var (tiny, (run, trace)) in _woven)
        {
            using var file = TraceFile.Open(trace);
            file.TracerCost.ShouldNotBeNull();
            var compensated = RenderMs(CallTree.Build(file));
            file.Compensate = false;
            var raw = RenderMs(CallTree.Build(file));
            var wovenMs = double.Parse(Line(run, "render_ms"), CultureInfo.InvariantCulture);
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"tiny members {tiny}: woven run {wovenMs:F1} ms ({wovenMs / untracedMs:F1}x), tree raw {raw:F1} ms ({raw / untracedMs:F1}x), compensated {compensated:F1} ms ({compensated / untracedMs:F1}x)"));
            compensated.ShouldBeLessThan(raw);
        }

        TestContext.Out.WriteLine(string.Join("\n", lines));
    }

    /// <summary>The render loop's call (the second of Render's two calls, the 200 renders), in milliseconds.</summary>
    private static double RenderMs(CallTree tree)
    {
        var render = Flatten(tree.Roots).Where(n => n.Function.Name == "Program.Render").ToList();
        var durations = render.Select(n => CallDurations.Of(n)).FirstOrDefault(d => d != null);
        var longest = durations?.Max ?? render.Max(n => n.TotalTicks);
        return tree.TicksToSeconds(longest) * 1000;
    }

    private static string Line(ProcessResult run, string key) =>
        run.StdOut.Split('\n').Single(l => l.StartsWith(key + ": ")).Substring(key.Length + 2).Trim();

    private static IEnumerable<CallNode> Flatten(IEnumerable<CallNode> nodes) => nodes.SelectMany(n => new[] { n }.Concat(Flatten(n.Children)));
}
