using System;
using System.IO;
using GoTrace.Cli;
using NUnit.Framework;
using Shouldly;

namespace Tests.Cli;

[TestFixture]
public sealed class CommandLineTests
{
    [Test]
    public void An_unknown_flag_is_one_line_on_stderr_and_exit_code_2()
    {
        var result = Gotrace.Run(new[] { "run", ".", "--frobnicate" }, Path.GetTempPath());

        result.ExitCode.ShouldBe(2, result.ToString());
        result.StdOut.ShouldBeEmpty();
        result.StdErr.TrimEnd().Split('\n').ShouldHaveSingleItem().ShouldStartWith("gotrace: ");
        result.StdErr.ShouldContain("--frobnicate");
    }

    [TestCase("run --frobnicate")]
    [TestCase("run -x .")]
    [TestCase("frobnicate")]
    [TestCase("run . stray-argument")]
    [TestCase("run --include")]
    [TestCase("")]
    public void Bad_command_lines_exit_2_without_building(string commandLine)
    {
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exitCode = CommandLineApp.Run(args, stdout, stderr);

        exitCode.ShouldBe(2, stderr.ToString());
        stderr.ToString().ShouldStartWith("gotrace: ");
        stderr.ToString().TrimEnd().ShouldNotContain(Environment.NewLine);
    }

    [Test]
    public void Help_lists_the_commands()
    {
        var result = Gotrace.Run(new[] { "--help" }, Path.GetTempPath());

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdOut.ShouldContain("Usage:");
        foreach (var command in new[] { "run", "exec", "test", "flame", "json", "weave" })
        {
            result.StdOut.ShouldMatch($@"(?m)^  {command} <");
        }
    }

    [TestCase("run")]
    [TestCase("exec", "--output")]
    [TestCase("test")]
    [TestCase("flame", "--output")]
    [TestCase("json", "--output")]
    public void Help_of_each_command_describes_its_options(string command, string? extra = null)
    {
        var stdout = new StringWriter();

        CommandLineApp.Run(new[] { command, "--help" }, stdout, new StringWriter()).ShouldBe(0);

        foreach (var option in new[] { "--include", "--exclude", "--verbose", "--configuration", "--framework", extra ?? "--help" })
        {
            stdout.ToString().ShouldContain(option);
        }
    }

    [Test]
    public void Weave_help_describes_its_options()
    {
        var stdout = new StringWriter();

        CommandLineApp.Run(new[] { "weave", "--help" }, stdout, new StringWriter()).ShouldBe(0);

        foreach (var option in new[] { "--include", "--exclude", "--verbose", "--output" })
        {
            stdout.ToString().ShouldContain(option);
        }

        stdout.ToString().ShouldNotContain("--configuration");
    }
}
