using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;

namespace Tests.Reporter;

/// <summary>A recursion thousands of calls deep: the JSON and the tree grow linearly with depth, not with its square.</summary>
public class DeepTreeTests : ReporterTestBase
{
    private const int Recursion = 10_000;

    /// <summary>Program.Main, and under it Server.Start calling itself <see cref="Recursion"/> deep (depth <see cref="Recursion"/> + 1), the innermost call 1 µs.</summary>
    private static TraceFileBuilder DeepRecursion()
    {
        var builder = NewTrace();
        var events = builder.Thread(0, 1, "main").Enter(ProgramMain, 0);
        for (var i = 1; i <= Recursion; i++)
        {
            events.Enter(ServerStart, i * 1000L);
        }

        for (var i = Recursion; i >= 1; i--)
        {
            events.Exit(ServerStart, ((2 * Recursion) - i + 1) * 1000L);
        }

        events.Exit(ProgramMain, ((2 * Recursion) + 1) * 1000L);
        return builder;
    }

    [TestCase("--json")]
    [TestCase("--json --threads")]
    public void Json_of_a_deep_recursion_parses_to_its_full_depth_with_short_lines(string flags)
    {
        var result = RunCommand(new[] { Save(DeepRecursion()) }.Concat(flags.Split(' ')).ToArray());

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.Length.ShouldBeLessThan(50 << 20);
        result.StdoutLines.Max(l => l.Length).ShouldBeLessThanOrEqualTo(2 * ((2 * JsonRenderer.MaxIndentedDepth) + 40));
        using var json = JsonDocument.Parse(result.Stdout, new JsonDocumentOptions { MaxDepth = (4 * Recursion) + 16 });
        var roots = flags.Contains("--threads") ? json.RootElement.EnumerateArray().Single().GetProperty("roots") : json.RootElement;
        var node = roots.EnumerateArray().Single();
        node.GetProperty("name").GetString().ShouldBe("App.Program.Main");
        var depth = 1;
        while (node.GetProperty("children").GetArrayLength() > 0)
        {
            node = node.GetProperty("children").EnumerateArray().Single();
            depth++;
            node.GetProperty("name").GetString().ShouldBe("App.Server.Start");
        }

        depth.ShouldBe(Recursion + 1);
        node.GetProperty("duration_ms").GetDouble().ShouldBe(0.001);
    }

    [Test]
    public void Json_indentation_stops_growing_at_the_deepest_indented_level()
    {
        var lines = Render(DeepRecursion(), (tree, output) => JsonRenderer.Render(tree, output)).Split('\n');

        string Indentation(string line) => line.Substring(0, line.Length - line.TrimStart(' ').Length);
        var names = lines.Where(l => l.TrimStart().StartsWith("\"name\"", StringComparison.Ordinal)).Select(Indentation).ToList();
        names.Count.ShouldBe(Recursion + 1);
        for (var depth = 1; depth <= names.Count; depth++)
        {
            names[depth - 1].Length.ShouldBe(4 * Math.Min(depth, JsonRenderer.MaxIndentedDepth), $"depth {depth}");
        }
    }

    [Test]
    public void Json_renders_a_deep_recursion_without_holding_its_output()
    {
        var tree = BuildTree(DeepRecursion());
        var output = new CountingWriter();

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        JsonRenderer.Render(tree, output);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        output.Count.ShouldBeLessThan(50 << 20);
        allocated.ShouldBeLessThan(32L << 20);
    }

    [TestCase("")]
    [TestCase("--threads")]
    public void Tree_of_a_deep_recursion_says_the_depth_instead_of_drawing_it(string flags)
    {
        var result = RunCommand(new[] { Save(DeepRecursion()) }.Concat(flags.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray());

        result.ExitCode.ShouldBe(0, result.Stderr);
        var rows = result.StdoutLines.SkipWhile(l => !l.StartsWith("Program.Main", StringComparison.Ordinal)).ToList();
        rows.Count.ShouldBe(Recursion + 1);
        rows.Max(l => l.Length).ShouldBeLessThan(250);

        // Depth 2 to 32 are drawn (one guide per level between root and row), then the guides of depth 32 and the depth.
        var guides = new string(' ', 4 * (TreeRenderer.MaxDrawnDepth - 2));
        rows[1].ShouldStartWith("└── Server.Start ");
        rows[TreeRenderer.MaxDrawnDepth - 1].ShouldStartWith(guides + "└── Server.Start ");
        rows[TreeRenderer.MaxDrawnDepth].ShouldStartWith(guides + "…[depth 33] └── Server.Start ");
        rows[Recursion].ShouldStartWith(guides + $"…[depth {Recursion + 1}] └── Server.Start ");
    }

    [Test]
    public void Tree_columns_line_up_at_every_depth()
    {
        // Every row of the recursion holds one call: no call count, so every line ends at the percent column.
        var result = RunCommand(Save(DeepRecursion()), "--depth", "60");

        var rows = result.StdoutLines.Skip(1).ToList();
        rows.Count.ShouldBe(60);
        rows.Select(r => r.Length).Distinct().ShouldHaveSingleItem(string.Join("\n", rows));
    }

    [Test]
    public void Tree_draws_the_guides_of_siblings_down_to_the_deepest_drawn_level()
    {
        // Two calls under every level: the guide of an ancestor that has a later sibling is a bar.
        var builder = NewTrace();
        var events = builder.Thread(0, 1).Enter(ProgramMain, 0);
        const int depth = TreeRenderer.MaxDrawnDepth + 3;
        long at = 1;
        for (var i = 2; i <= depth; i++)
        {
            events.Enter(RouterInit, at++);
        }

        for (var i = depth; i >= 2; i--)
        {
            events.Exit(RouterInit, at += 10).Call(DbConnect, at++, at++);
        }

        events.Exit(ProgramMain, at + 1);

        var rows = Render(builder, (tree, output) => TreeRenderer.Render(tree, output)).Split('\n').Skip(1).ToList();

        var bars = string.Concat(Enumerable.Repeat("│   ", TreeRenderer.MaxDrawnDepth - 2));
        rows.ShouldContain(r => r.StartsWith(bars + "├── Router.Init ", StringComparison.Ordinal));
        rows.ShouldContain(r => r.StartsWith(bars + "…[depth 33] ├── Router.Init ", StringComparison.Ordinal));
        rows.ShouldContain(r => r.StartsWith(bars + "…[depth 35] └── Db.Connect ", StringComparison.Ordinal));
    }

    private string Render(TraceFileBuilder builder, Action<CallTree, TextWriter> render)
    {
        var tree = BuildTree(builder);
        var output = new StringWriter { NewLine = "\n" };
        render(tree, output);
        return output.ToString();
    }

    /// <summary>Counts what is written and keeps none of it.</summary>
    private sealed class CountingWriter : TextWriter
    {
        public long Count { get; private set; }

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value) => Count++;

        public override void Write(string? value) => Count += value?.Length ?? 0;

        public override void Write(ReadOnlySpan<char> buffer) => Count += buffer.Length;

        public override void Write(char[] buffer, int index, int count) => Count += count;
    }
}
