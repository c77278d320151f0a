using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GoTrace.Cli;
using GoTrace.Reporter;
using GoTrace.Reporter.CommandLine;
using NUnit.Framework;
using Shouldly;
using Tests.Reporter;
using Tests.Support;

namespace Tests.Cli;

/// <summary>
/// <c>gotrace report</c> and <c>gotrace diff</c> are <c>gotrace-report</c> mounted in gotrace: the same output for
/// every format and view, the same help for the same options, and the README describes every option.
/// </summary>
public sealed class ReportMountTests : ReporterTestBase
{
    static readonly string[][] Reports =
    {
        Array.Empty<string>(),
        new[] { "--folded" },
        new[] { "--json" },
        new[] { "--chrome" },
        new[] { "--speedscope" },
        new[] { "--top", "3" },
        new[] { "--top", "3", "--json" },
        new[] { "--threads" },
        new[] { "--thread", "#0", "--depth", "2" },
        new[] { "--focus", "Router.Init", "--full-names" },
        new[] { "--callers", "Router.Add" },
        new[] { "--min-duration", "1ms", "--min-percent", "1" },
        new[] { "--depth", "0" },
        new[] { "--focus", "A", "--callers", "B" },
        new[] { "--flame" },
    };

    [TestCaseSource(nameof(Reports))]
    public void Gotrace_report_prints_what_gotrace_report_prints(string[] options)
    {
        var trace = Save(RendererTests.ServerTrace());
        var alone = RunCommand(new[] { trace }.Concat(options).ToArray());

        var mounted = Gotrace("report", new[] { trace }.Concat(options).ToArray());

        mounted.ExitCode.ShouldBe(alone.ExitCode, mounted.Stderr);
        mounted.Stdout.ShouldBe(alone.Stdout);
        // Messages name the tool that says them.
        mounted.Stderr.ShouldBe(alone.ExitCode == 2
            ? alone.Stderr.Replace("gotrace-report: ", "gotrace: ").Replace("(see --help)", "(see gotrace report --help)")
            : alone.Stderr);
        if (alone.ExitCode == 0)
        {
            alone.Stdout.ShouldNotBeEmpty();
        }
    }

    [Test]
    public void Html_files_are_the_same()
    {
        var trace = Save(RendererTests.ServerTrace());
        var alone = Path.Combine(Directory, "alone.html");
        var mounted = Path.Combine(Directory, "mounted.html");

        RunCommand(trace, "--html", "-o", alone).ExitCode.ShouldBe(0);
        Gotrace("report", trace, "--html", "-o", mounted).ExitCode.ShouldBe(0);

        File.ReadAllText(mounted).ShouldBe(File.ReadAllText(alone));
        File.ReadAllText(alone).ShouldContain("<html");
    }

    [TestCase]
    [TestCase("--json")]
    [TestCase("--top", "2", "--fail-above", "0")]
    public void Gotrace_diff_prints_what_gotrace_report_diff_prints(params string[] options)
    {
        var baseTrace = NewTrace();
        baseTrace.Thread(0, 1).Call(ServerStart, 0, 1000);
        var bases = Save(baseTrace, "base.bin");
        var heads = Save(RendererTests.ServerTrace(), "head.bin");

        var alone = RunCommand(new[] { "diff", bases, heads }.Concat(options).ToArray());
        var mounted = Gotrace("diff", new[] { bases, heads }.Concat(options).ToArray());

        mounted.ExitCode.ShouldBe(alone.ExitCode, mounted.Stderr);
        mounted.Stdout.ShouldBe(alone.Stdout);
        mounted.Stderr.ShouldBe(alone.Stderr);
        alone.Stdout.ShouldNotBeEmpty();
    }

    [Test]
    public void Both_helps_describe_each_option_in_the_same_words()
    {
        var alone = RunCommand("--help").Stdout;
        var mounted = Gotrace("report", "--help").Stdout;
        var run = Gotrace("run", "--help").Stdout;

        mounted.ShouldStartWith("usage: gotrace report <trace-file>");
        foreach (var spec in ReportOptionDefinitions.All.Where(spec => spec.Section != HelpSection.Diff))
        {
            var line = HelpLine(alone, spec.Name);
            HelpLine(mounted, spec.Name).ShouldBe(line);
            if (spec.Name != "--output")
            {
                HelpLine(run, spec.Name).Trim().ShouldBe(line.Trim());
            }
        }
    }

    [Test]
    public void Every_option_is_in_the_readme()
    {
        var readme = File.ReadAllText(RepoPaths.InRepo("README.md"));

        foreach (var spec in ReportOptionDefinitions.All)
        {
            readme.ShouldContain($"`{spec.Name}", customMessage: $"README.md does not describe {spec.Name}");
        }
    }

    [Test]
    public void Completions_come_from_the_same_definition()
    {
        var stdout = new StringWriter();

        CommandLineApp.Run(new[] { "[suggest:14]", "report x --dep" }, stdout, new StringWriter()).ShouldBe(0);
        stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(new[] { "--depth" });

        var alone = RunCommand("[suggest:8]", "x --focu");
        alone.ExitCode.ShouldBe(0, alone.Stderr);
        alone.StdoutLines.ShouldBe(new[] { "--focus" });
    }

    /// <summary>The option's line in a help text, from the option's name to the end of its description.</summary>
    static string HelpLine(string help, string name)
    {
        var match = Regex.Match(help, $@"(?m)^  (-\w+, )?{Regex.Escape(name)}\b[^\n]*(\n {{20,}}[^\n]*)*");
        match.Success.ShouldBeTrue($"{name} is not in\n{help}");
        return Regex.Replace(match.Value, @"\s+", " ");
    }

    static CommandResult Gotrace(string command, params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exitCode = CommandLineApp.Run(new[] { command }.Concat(args).ToArray(), stdout, stderr);
        return new CommandResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}
