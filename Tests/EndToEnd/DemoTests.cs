using System;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;
using Shouldly;
using Tests.Cli;
using Tests.Support;

namespace Tests.EndToEnd;

/// <summary>
/// The README's main job, as a user runs it: `gotrace run samples/Demo` from the repository root prints
/// the demo's own output, then a call tree shaped like the demo, and leaves the source tree as it was.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DemoTests
{
    private ProcessResult _run = null!;
    private string[] _tree = Array.Empty<string>();
    private System.Collections.Generic.IReadOnlyList<string> _before = Array.Empty<string>();

    [OneTimeSetUp]
    public void RunDemo()
    {
        _before = TreeSnapshot.Take(RepoPaths.InRepo("samples", "Demo"));
        _run = Gotrace.Run(new[] { "run", "samples/Demo" }, RepoPaths.Root);
        _tree = _run.StdOut.Split('\n').SkipWhile(l => !l.StartsWith("TOTAL: ", StringComparison.Ordinal)).ToArray();
    }

    [Test]
    public void Demo_output_comes_first_and_the_exit_code_is_the_demos()
    {
        _run.ExitCode.ShouldBe(0, _run.ToString());
        _run.StdOut.ShouldStartWith("config loaded: 12 keys\n");
        var demoDone = _run.StdOut.IndexOf("demo done\n", StringComparison.Ordinal);
        demoDone.ShouldBeGreaterThan(0);
        demoDone.ShouldBeLessThan(_run.StdOut.IndexOf("TOTAL: ", StringComparison.Ordinal));
    }

    [Test]
    public void Tree_follows_the_demos_call_structure()
    {
        _tree.Length.ShouldBeGreaterThan(20, _run.ToString());
        _tree[1].ShouldStartWith("Program.Main ");
        ChildrenOf("Server.Run").ShouldContain("Db.Migrate");
        ChildrenOf("Server.Run").ShouldContain("Cache.Warm");
        ChildrenOf("Server.Run").ShouldContain("Router.Build");
        ChildrenOf("Db.Migrate").ShouldBe(new[] { "Db.Apply" });
        ChildrenOf("Cache.Warm").ShouldContain("Cache.Put");
        Line("Router.Match").ShouldContain("×20000");
        Line("Config.ParseLine").ShouldMatch(@"×\d+(  (p99 \S+  )?max \S+)?$"); // a slow call may add a tail note
    }

    [Test]
    public void Async_io_and_Task_Run_hang_under_the_frames_that_started_them()
    {
        ChildrenOf("Server.Run").ShouldContain("⇢ Server.StartAsync");
        ChildrenOf("⇢ Server.StartAsync").ShouldBe(new[] { "⇢ Db.PingAsync", "⇢ Db.QueryAsync", "⇢ Server.StartAsync.lambda1" }, ignoreOrder: true);
        Line("⇢ Db.QueryAsync").ShouldContain("×2");
        ChildrenOf("⇢ Server.StartAsync.lambda1").ShouldBe(new[] { "Cache.Checksum" });
        ChildrenOf("Metrics.Start").ShouldBe(new[] { "⇢ Metrics.Run" });
        _tree.ShouldNotContain(l => l.StartsWith("⇢", StringComparison.Ordinal) || l.StartsWith("Metrics.Run", StringComparison.Ordinal), "spawned and async work is never a root");

        // PingAsync awaits Task.Delay(30): one logical call from its call to its completion.
        var ping = Regex.Match(Line("⇢ Db.PingAsync"), @"PingAsync\s+([\d.]+)(ms|s)\s").Groups;
        var ms = double.Parse(ping[1].Value, CultureInfo.InvariantCulture) * (ping[2].Value == "s" ? 1000 : 1);
        ms.ShouldBeInRange(30, 90);
    }

    [Test]
    public void Method_that_sleeps_200ms_shows_between_200_and_260ms()
    {
        var duration = Regex.Match(Line("Db.Migrate"), @"Db\.Migrate\s+([\d.]+)(ms|s)\s").Groups;
        var ms = double.Parse(duration[1].Value, CultureInfo.InvariantCulture) * (duration[2].Value == "s" ? 1000 : 1);
        ms.ShouldBeInRange(200, 260);
    }

    [Test]
    public void Source_tree_gets_no_new_or_changed_files()
    {
        TreeSnapshot.Take(RepoPaths.InRepo("samples", "Demo")).ShouldBe(_before);
    }

    /// <summary>The tree line for the first node with this name.</summary>
    private string Line(string name) =>
        _tree.First(l => Regex.IsMatch(l, $@"(^|── ){Regex.Escape(name)}\s"));

    /// <summary>Names of the direct children of the first node with this name.</summary>
    private string[] ChildrenOf(string name)
    {
        var index = Array.IndexOf(_tree, Line(name));
        var depth = NameColumn(_tree[index]);
        return _tree.Skip(index + 1)
            .TakeWhile(l => l.Length > 0 && NameColumn(l) > depth)
            .Where(l => NameColumn(l) == depth + 4)
            .Select(l => NameAt(l.Substring(NameColumn(l))))
            .ToArray();
    }

    /// <summary>The name a tree line starts with, with its "⇢ " marker when it has one.</summary>
    private static string NameAt(string text) =>
        text.StartsWith("⇢ ", StringComparison.Ordinal) ? "⇢ " + text.Substring(2).Split(' ')[0] : text.Split(' ')[0];

    private static int NameColumn(string line)
    {
        var i = 0;
        while (i < line.Length && "│├└─ ".Contains(line[i]))
        {
            i++;
        }

        return i;
    }
}
