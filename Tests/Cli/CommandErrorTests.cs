using System;
using System.IO;
using System.Linq;
using GoTrace.Cli;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Cli;

/// <summary>The mistakes users make on every command: one "gotrace: …" line on stderr, nothing on stdout, exit code 2, nothing built.</summary>
[TestFixture]
public sealed class CommandErrorTests() : ScratchFolderTests("gotrace-cli-errors")
{
    static readonly string[] ProjectCommands = { "run", "exec", "test", "flame", "json" };

    [TestCaseSource(nameof(ProjectCommands))]
    public void A_folder_without_a_project(string command)
    {
        File.WriteAllText(Path.Combine(Root, "Program.cs"), "");

        Run(command, Root).ShouldBe((2, $"gotrace: no project found in {Root}"));
    }

    [TestCaseSource(nameof(ProjectCommands))]
    public void A_file_that_is_not_a_project(string command)
    {
        var file = Path.Combine(Root, "Program.cs");
        File.WriteAllText(file, "");

        Run(command, file).ShouldBe((2, $"gotrace: {file} is not a project file (expected a .csproj, or a folder holding one)"));
    }

    [TestCase("run", "arguments for the program")]
    [TestCase("exec", "arguments for the program")]
    [TestCase("flame", "arguments for the program")]
    [TestCase("json", "arguments for the program")]
    [TestCase("test", "arguments for dotnet test")]
    public void An_unknown_flag_says_where_the_programs_own_arguments_go(string command, string whose)
    {
        Run(command, ".", "--frobnicate").ShouldBe((2,
            $"gotrace: unknown option '--frobnicate'; {whose} go after -- (see gotrace {command} --help)"));
    }

    [Test]
    public void Test_arguments_without_the_double_dash_are_an_unknown_option()
    {
        Run("test", ".", "--filter", "Name=Adds").ShouldBe((2,
            "gotrace: unknown option '--filter'; arguments for dotnet test go after -- (see gotrace test --help)"));
    }

    [TestCase("run")]
    [TestCase("exec")]
    [TestCase("test")]
    public void A_word_after_slowest_that_is_no_count_is_refused_before_anything_is_built(string command)
    {
        Run(command, Root, "--slowest", "Handler", "deep").ShouldBe((2,
            "gotrace: --slowest takes a function and an optional count, and 'deep' is no count; the program's arguments go before the report options or after --"));
        Run(command, Root, "--calls-of", "Handler", "--chrome").ShouldBe((2,
            "gotrace: --calls-of prints a time series: CSV (the default, or --csv) or --json, not --chrome"));
    }

    [TestCase("run")]
    [TestCase("test")]
    [TestCase("weave")]
    public void A_malformed_include_is_refused_before_anything_is_built(string command)
    {
        // The path exists but holds no project: the filter is checked first.
        Run(command, Root, "--include", "[MyApp").ShouldBe((2,
            "gotrace: --include: '[MyApp' is not a filter: expected [AssemblyGlob]TypeGlob, e.g. [MyApp]MyApp.Services.* or *.Generated.*"));
    }

    [Test]
    public void A_malformed_exclude_is_refused_too()
    {
        Run("flame", Root, "--exclude", "Ok.*|[]").ShouldBe((2,
            "gotrace: --exclude: '[]' is not a filter: expected [AssemblyGlob]TypeGlob, e.g. [MyApp]MyApp.Services.* or *.Generated.*"));
    }

    [TestCase("run")]
    [TestCase("weave")]
    public void An_unknown_tiny_members_choice_is_refused_before_anything_is_built(string command)
    {
        Run(command, Root, "--tiny-members", "skip").ShouldBe((2,
            "gotrace: --tiny-members: 'skip' is not a choice: expected Count (tiny members are counted, not timed) or Time (timed like any method)"));
    }

    [Test]
    public void Weave_a_folder_without_an_app()
    {
        File.WriteAllText(Path.Combine(Root, "notes.txt"), "");

        Run("weave", Root).ShouldBe((2,
            $"gotrace: no .NET app in {Root} (no *.deps.json beside an assembly); give the app's .dll instead"));
    }

    [Test]
    public void Weave_a_missing_path()
    {
        var missing = Path.Combine(Root, "publish");

        Run("weave", missing).ShouldBe((2, $"gotrace: no such file or directory: {missing}"));
    }

    [Test]
    public void Weave_a_file_that_is_not_an_assembly()
    {
        var file = Path.Combine(Root, "app.txt");
        File.WriteAllText(file, "");

        Run("weave", file).ShouldBe((2,
            $"gotrace: {file} is not a .NET assembly (expected a .dll, or a folder holding a built or published app)"));
    }

    [Test]
    public void Weave_a_dll_that_is_not_an_assembly()
    {
        var file = Path.Combine(Root, "junk.dll");
        File.WriteAllText(file, "junk");

        Run("weave", file).ShouldBe((2, $"gotrace: {file} is not a .NET assembly"));
    }

    [TestCase("exec")]
    [TestCase("flame")]
    [TestCase("json")]
    public void An_output_file_in_a_missing_folder_is_refused_before_anything_is_built(string command)
    {
        // The project would not build: the output is checked first.
        File.WriteAllText(Path.Combine(Root, "App.csproj"), "<Project>");
        var output = Path.Combine(Root, "nodir", "out.txt");

        Run(command, Root, "-o", output).ShouldBe((2, $"gotrace: cannot write {output}: its folder {Path.Combine(Root, "nodir")} does not exist"));
    }

    [TestCase("exec")]
    [TestCase("json")]
    public void An_output_file_that_is_a_folder_is_refused(string command)
    {
        File.WriteAllText(Path.Combine(Root, "App.csproj"), "<Project>");

        Run(command, Root, "-o", Root).ShouldBe((2, $"gotrace: cannot write {Root}: it is a folder"));
    }

    [TestCase("run", new[] { "--depth", "0" }, "gotrace: --depth needs a whole number from 1 (got '0')")]
    [TestCase("exec", new[] { "--json", "--chrome" }, "gotrace: --json and --chrome cannot be combined")]
    [TestCase("test", new[] { "--focus", "A", "--callers", "B" }, "gotrace: --focus and --callers cannot be combined")]
    [TestCase("flame", new[] { "--top", "3" }, "gotrace: --top prints a table: it goes with the tree output or --json, not --folded")]
    [TestCase("json", new[] { "--min-duration", "5" }, "gotrace: --min-duration needs a duration like 5ms, 200us, 1.5s or 300ns (got '5')")]
    [TestCase("run", new[] { "--top", "1", "--top", "2" }, "gotrace: --top is given twice")]
    [TestCase("run", new[] { "--threads=yes" }, "gotrace: --threads takes no value (see --help)")]
    [TestCase("run", new[] { "--launch-profile", "a", "--no-launch-profile" }, "gotrace: --launch-profile and --no-launch-profile cannot be combined")]
    public void Report_options_are_checked_before_anything_is_built(string command, string[] options, string message)
    {
        // The path exists but holds no project: the report options are checked first.
        var args = new[] { command, Root }.Concat(options).ToArray();
        if (options.Contains("--no-launch-profile"))
        {
            File.WriteAllText(Path.Combine(Root, "App.csproj"), "<Project>");
        }

        Run(args).ShouldBe((2, message));
    }

    [Test]
    public void Weave_takes_no_program_arguments()
    {
        Run("weave", Root, "--", "x").ShouldBe((2, "gotrace: weave runs nothing, so it takes no arguments after -- (got 'x')"));
    }

    [Test]
    public void Weave_needs_a_path()
    {
        var (exitCode, stderr) = Run("weave");

        exitCode.ShouldBe(2);
        stderr.ShouldBe("gotrace: Required argument missing for command: 'weave' (see gotrace weave --help)");
    }

    /// <summary>Runs gotrace in-process; returns the exit code and stderr's single line (asserting stdout is empty).</summary>
    static (int ExitCode, string StdErr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = CommandLineApp.Run(args, stdout, stderr);
        stdout.ToString().ShouldBeEmpty();
        var text = stderr.ToString();
        text.TrimEnd().ShouldNotContain(Environment.NewLine, customMessage: text);
        return (exitCode, text.TrimEnd());
    }
}
