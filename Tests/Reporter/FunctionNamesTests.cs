using System;
using System.Linq;
using System.Text.Json;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;

namespace Tests.Reporter;

/// <summary>
/// Names as every format shows them: overloads (functions sharing a full name) read with their parameter lists,
/// a function alone with its name keeps it short, and --focus/--callers find a function with or without its
/// parameters and generic parameter lists.
/// </summary>
public class FunctionNamesTests : ReporterTestBase
{
    private const long Ms = 1_000_000;
    private const int Main = 1;
    private const int ParseText = 2;
    private const int ParseWithPipeline = 3;
    private const int ToHtml = 4;
    private const int ExecuteCore = 5;

    /// <summary>Main → Parse(string) → Parse(string, MarkdownPipeline) → ToHtml, and Main → Parse(string, MarkdownPipeline) again.</summary>
    private static TraceFileBuilder Overloads()
    {
        var builder = new TraceFileBuilder()
            .Process("md", "md --render")
            .ModuleTable("Md", 1, 5, string.Join("\n",
                "Md\tProgram.Main\t/src/Program.cs\t5\t()\t0",
                "Md\tMarkdown.Parse\t/src/Markdown.cs\t10\t(string)\t0",
                "Md\tMarkdown.Parse\t/src/Markdown.cs\t20\t(string, MarkdownPipeline)\t0",
                "Md\tMarkdown.ToHtml\t/src/Markdown.cs\t30\t(string)\t0",
                "Polly.Hedging\tHedgingResilienceStrategy<T>.ExecuteCore<TState>\t/src/Hedging.cs\t40\t(Func<ResilienceContext, TState, ValueTask<Outcome<T>>>, ResilienceContext, TState)\t0"));
        builder.Thread(0, 1, "main")
            .Enter(Main, 0)
            .Enter(ParseText, 0).Enter(ParseWithPipeline, Ms).Call(ToHtml, 2 * Ms, 10 * Ms).Exit(ParseWithPipeline, 20 * Ms).Exit(ParseText, 30 * Ms)
            .Enter(ParseWithPipeline, 30 * Ms).Call(ExecuteCore, 31 * Ms, 35 * Ms).Exit(ParseWithPipeline, 40 * Ms)
            .Exit(Main, 50 * Ms);
        return builder;
    }

    [Test]
    public void Overloads_show_their_parameters_and_single_functions_do_not()
    {
        var result = RunCommand(Save(Overloads()));

        result.ExitCode.ShouldBe(0, result.Stderr);
        var names = result.StdoutLines.Skip(1).Select(Name).ToList();
        names.ShouldBe(new[]
        {
            "Program.Main",
            "Markdown.Parse(string)",
            "Markdown.Parse(string, MarkdownPipeline)",
            "Markdown.ToHtml",
            "Markdown.Parse(string, MarkdownPipeline)",
            "HedgingResilienceStrategy<T>.ExecuteCore<TState>",
        });
    }

    [Test]
    public void Every_format_tells_the_overloads_apart()
    {
        var trace = Save(Overloads());
        const string One = "Markdown.Parse(string)";
        const string Other = "Markdown.Parse(string, MarkdownPipeline)";

        var top = RunCommand(trace, "--top", "10").StdoutLines.Skip(2).Select(r => r.Split("  ", StringSplitOptions.RemoveEmptyEntries).Last().Trim()).ToList();
        top.ShouldContain(One);
        top.ShouldContain(Other);

        using (var json = JsonDocument.Parse(RunCommand(trace, "--json").Stdout))
        {
            var parse = json.RootElement[0].GetProperty("children")[0];
            parse.GetProperty("name").GetString().ShouldBe("Md." + One);
            parse.GetProperty("children")[0].GetProperty("name").GetString().ShouldBe("Md." + Other);
        }

        using (var json = JsonDocument.Parse(RunCommand(trace, "--top", "10", "--json").Stdout))
        {
            json.RootElement.EnumerateArray().Select(r => r.GetProperty("name").GetString()).ShouldBe(
                new[] { "Md." + One, "Md." + Other, "Md.Markdown.ToHtml", "Md.Program.Main", "Polly.Hedging.HedgingResilienceStrategy<T>.ExecuteCore<TState>" },
                ignoreOrder: true);
        }

        RunCommand(trace, "--folded").Stdout.ShouldContain($"Md.Program.Main;Md.{One};Md.{Other};Md.Markdown.ToHtml ");
        RunCommand(trace, "--chrome").Stdout.ShouldContain($"\"name\":\"{Other}\"");
        RunCommand(trace, "--speedscope").Stdout.ShouldContain($"\"name\":\"Md.{One}\"");
        var html = RunCommand(trace, "--html").Stdout;
        html.ShouldContain($"\"{One}\"");
        html.ShouldContain($"\"{Other}\"");
        RunCommand("diff", trace, trace, "--min-duration", "0", "--min-percent", "0").StdoutLines.ShouldContain(l => l.EndsWith("  " + Other, StringComparison.Ordinal));
    }

    [Test]
    public void Focus_and_callers_find_one_overload_or_all_of_them()
    {
        var trace = Save(Overloads());

        var one = RunCommand(trace, "--focus", "Markdown.Parse(string, MarkdownPipeline)");
        one.ExitCode.ShouldBe(0, one.Stderr);
        one.StdoutLines.Skip(1).Where(l => !l.StartsWith(' ') && !l.StartsWith('│') && !l.StartsWith('├') && !l.StartsWith('└')).Select(Name)
            .ShouldBe(new[] { "Markdown.Parse(string, MarkdownPipeline)" });
        one.StdoutLines[1].ShouldContain("×2");

        var all = RunCommand(trace, "--callers", "Markdown.Parse");
        all.ExitCode.ShouldBe(0, all.Stderr);
        all.StdoutLines.Skip(1).Where(l => !l.StartsWith(' ') && !l.StartsWith('│') && !l.StartsWith('├') && !l.StartsWith('└')).Select(Name)
            .ShouldBe(new[] { "Markdown.Parse(string)", "Markdown.Parse(string, MarkdownPipeline)" }, ignoreOrder: true);
        RunCommand(trace, "--focus", "Md.Markdown.Parse(string)").StdoutLines[1].ShouldStartWith("Markdown.Parse(string) ");
    }

    [TestCase("HedgingResilienceStrategy.ExecuteCore")]
    [TestCase("HedgingResilienceStrategy<T>.ExecuteCore")]
    [TestCase("Polly.Hedging.HedgingResilienceStrategy.ExecuteCore")]
    [TestCase("ExecuteCore")]
    [TestCase("hedgingresiliencestrategy.executecore")]
    [TestCase("*Strategy.Execute*")]
    public void A_generic_function_is_found_by_its_name_without_generic_parameters(string pattern)
    {
        var result = RunCommand(Save(Overloads()), "--focus", pattern);

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.StdoutLines[1].ShouldStartWith("HedgingResilienceStrategy<T>.ExecuteCore<TState> ");
    }

    [Test]
    public void Generic_parameter_lists_are_left_out_but_operators_stay()
    {
        FunctionMatcher.WithoutGenerics("Repo<T>.Get<TKey, TValue>").ShouldBe("Repo.Get");
        FunctionMatcher.WithoutGenerics("Cache<List<int>>.Put").ShouldBe("Cache.Put");
        FunctionMatcher.WithoutGenerics("Money.operator <").ShouldBe("Money.operator <");
        FunctionMatcher.WithoutGenerics("Money.operator <=").ShouldBe("Money.operator <=");
        FunctionMatcher.WithoutGenerics("Box<T>.operator <").ShouldBe("Box.operator <");
    }

    private static string Name(string row) => row.TrimStart(' ', '│', '├', '└', '─').Split("  ", StringSplitOptions.RemoveEmptyEntries)[0];
}
