using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;

namespace Tests.Reporter;

/// <summary>Values on the command line: what is accepted, and the one-line refusals (exit 2).</summary>
public class ArgumentTests : ReporterTestBase
{
    [TestCase("5ms", 5_000_000L)]
    [TestCase("200us", 200_000L)]
    [TestCase("200µs", 200_000L)]
    [TestCase("1.5s", 1_500_000_000L)]
    [TestCase("300ns", 300L)]
    [TestCase("0", 0L)]
    [TestCase(".5ms", 500_000L)]
    public void Durations(string text, long nanoseconds)
    {
        DurationArgument.TryParse(text, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(nanoseconds);
    }

    [TestCase("4G", 4L << 30)]
    [TestCase("500M", 500L << 20)]
    [TestCase("1.5g", 3L << 29)]
    [TestCase("64KiB", 64L << 10)]
    [TestCase("20GB", 20L << 30)]
    [TestCase("1048576", 1L << 20)]
    [TestCase("0", 0L)]
    public void Sizes(string text, long bytes)
    {
        SizeArgument.TryParse(text, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(bytes);
    }

    [TestCase("G")]
    [TestCase("-1G")]
    [TestCase("4X")]
    [TestCase("lots")]
    public void Bad_sizes(string text)
    {
        SizeArgument.TryParse(text, out _).ShouldBeFalse();
    }

    [TestCase("5")]
    [TestCase("ms")]
    [TestCase("-5ms")]
    [TestCase("5 minutes")]
    [TestCase("1e3ms")]
    [TestCase("5h")]
    public void Bad_durations(string text)
    {
        DurationArgument.TryParse(text, out _).ShouldBeFalse();
    }

    [TestCase("--depth", "0", "gotrace-report: --depth needs a whole number from 1 (got '0')")]
    [TestCase("--depth", "x", "gotrace-report: --depth needs a whole number from 1 (got 'x')")]
    [TestCase("--top", "-3", "gotrace-report: --top needs a whole number from 1 (got '-3')")]
    [TestCase("--min-percent", "150", "gotrace-report: --min-percent needs a percentage from 0 to 100 (got '150')")]
    [TestCase("--min-duration", "5", "gotrace-report: --min-duration needs a duration like 5ms, 200us, 1.5s or 300ns (got '5')")]
    [TestCase("--color", "pink", "gotrace-report: --color needs auto, always or never (got 'pink')")]
    [TestCase("--thread", " ", "gotrace-report: --thread needs a thread name, a managed thread id, or #index")]
    [TestCase("--export-limit", "4 gigs", "gotrace-report: --export-limit needs a size like 4G, 500M or 20G (0: no limit) (got '4 gigs')")]
    public void Bad_values_are_refused_in_one_line(string flag, string value, string message)
    {
        ShouldRefuse(Save(NewTrace()), flag, value).ShouldBe(message);
        ShouldRefuse(Save(NewTrace()), flag + "=" + value).ShouldBe(message);
    }

    [TestCase("--depth", "gotrace-report: --depth needs a whole number from 1")]
    [TestCase("--focus", "gotrace-report: --focus needs a function: full name, short name or glob")]
    public void Missing_values_are_refused(string flag, string message)
    {
        ShouldRefuse(Save(NewTrace()), flag).ShouldBe(message);
    }

    [TestCase(new[] { "--chrome", "--html" }, "gotrace-report: --chrome and --html cannot be combined")]
    [TestCase(new[] { "--focus", "A", "--callers", "B" }, "gotrace-report: --focus and --callers cannot be combined")]
    [TestCase(new[] { "--top", "5", "--folded" }, "gotrace-report: --top prints a table: it goes with the tree output or --json, not --folded")]
    [TestCase(new[] { "--top", "5", "--depth", "2" }, "gotrace-report: --depth does not apply to --top")]
    [TestCase(new[] { "--top", "5", "--callers", "A" }, "gotrace-report: --top and --callers cannot be combined")]
    [TestCase(new[] { "--chrome", "--focus", "A" }, "gotrace-report: --focus does not apply to --chrome (a timeline of every call; it takes --thread, --depth and --min-duration)")]
    [TestCase(new[] { "--speedscope", "--min-duration", "1ms" }, "gotrace-report: --min-duration does not apply to --speedscope (a timeline of every call; it takes --thread and --depth)")]
    [TestCase(new[] { "--depth", "2", "--depth", "3" }, "gotrace-report: --depth is given twice")]
    [TestCase(new[] { "--folded=yes" }, "gotrace-report: --folded takes no value (see --help)")]
    [TestCase(new[] { "--fail-above", "5" }, "gotrace-report: --fail-above applies to diff only (gotrace-report diff <base> <head> --fail-above <percent>)")]
    public void Combinations_that_make_no_sense_are_refused(string[] flags, string message)
    {
        var args = new string[flags.Length + 1];
        args[0] = Save(NewTrace());
        flags.CopyTo(args, 1);

        ShouldRefuse(args).ShouldBe(message);
    }

    [Test]
    public void Diff_arguments_are_checked()
    {
        var trace = Save(NewTrace());

        ShouldRefuse("diff", trace).ShouldStartWith("gotrace-report: diff needs two trace files");
        ShouldRefuse("diff", trace, trace, trace).ShouldStartWith("gotrace-report: unexpected argument:");
        ShouldRefuse("diff", trace, trace, "--fail-above", "x").ShouldBe("gotrace-report: --fail-above needs a percentage, e.g. 10 (got 'x')");
        ShouldRefuse("diff", trace, trace, "--chrome").ShouldStartWith("gotrace-report: --chrome does not apply to diff");
        ShouldRefuse("diff", trace, trace, "--focus", "A").ShouldBe("gotrace-report: --focus does not apply to diff");
        ShouldRefuse("diff", trace, System.IO.Path.Combine(Directory, "missing.bin")).ShouldStartWith("gotrace-report: no such file:");
    }

    private static string ShouldRefuse(params string[] args)
    {
        var result = RunCommand(args);
        result.ExitCode.ShouldBe(2, result.Stderr);
        result.Stdout.ShouldBeEmpty();
        return result.StderrLines.ShouldHaveSingleItem();
    }
}
