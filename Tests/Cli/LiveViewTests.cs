using System;
using System.IO;
using System.Linq;
using GoTrace.Cli;
using NUnit.Framework;
using Shouldly;
using Tests.Reporter;
using Tests.Support;

namespace Tests.Cli;

/// <summary>
/// <c>gotrace top</c> and <c>gotrace run --live</c> as a user sees them: in a real terminal (tmux), printed with
/// <c>--once</c>, and refused in one line when the command line is wrong. The web app's end-to-end test runs
/// <c>gotrace top</c> against a server under load.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
[Platform(Exclude = "Win")]
public sealed class LiveViewTests() : ScratchFolderTests("gotrace-live")
{
    const string ProgramSource = """
        using System;
        using System.IO;
        using System.Threading;

        namespace SampleApp;

        public static class Program
        {
            public static int Main(string[] args)
            {
                for (var tick = 1; !File.Exists(args[0]); tick++)
                {
                    Work();
                    Console.WriteLine("tick " + tick);
                }

                Console.WriteLine("stopped");
                return 0;
            }

            static void Work()
            {
                Thread.Sleep(20);
                for (var i = 0; i < 300; i++)
                {
                    Step();
                }
            }

            static void Step() => Thread.SpinWait(20);
        }
        """;

    [Test]
    public void Run_live_shows_the_view_with_the_programs_output_then_passes_it_through_and_reports()
    {
        var solution = SampleSolution.Create(ProgramSource);
        var stop = Path.Combine(Root, "stop");
        try
        {
            using var terminal = Tmux.Start($"dotnet {Gotrace.Dll} run {Path.Combine(solution, "App")} --live --interval 500ms -- {stop}", Root);

            var view = terminal.WaitFor("Program.Work", TimeSpan.FromMinutes(5));
            view.ShouldContain("q quits");
            view.ShouldContain("program output:");
            terminal.WaitFor("tick 3", TimeSpan.FromSeconds(30));

            terminal.Type("q");
            var plain = terminal.WaitForGone("q quits", TimeSpan.FromSeconds(30));
            plain.ShouldContain("tick");
            terminal.WaitFor("tick 1\n", TimeSpan.FromSeconds(30), history: true); // what the view held comes first

            File.WriteAllText(stop, "");
            var end = terminal.WaitFor("[exited 0]", TimeSpan.FromSeconds(60), history: true);
            end.ShouldContain("stopped");
            var report = end.Substring(end.IndexOf("TOTAL: ", StringComparison.Ordinal));
            report.ShouldContain("Program.Main");
            report.ShouldMatch(@"Program\.Work\s+\S+\s+\S+%\s+×\d+");
        }
        finally
        {
            File.WriteAllText(stop, "");
            RepoPaths.DeleteDirectories(solution);
        }
    }

    [Test]
    public void Top_follows_a_ring_mode_file_whose_chunks_are_reused()
    {
        var solution = SampleSolution.Create(ProgramSource);
        var stop = Path.Combine(Root, "stop");
        var trace = Path.Combine(Root, "ring.gotrace");
        try
        {
            // 256 KiB in ring mode: 32 KiB chunks, reused every fraction of a second by this program.
            using var terminal = Tmux.Start($"dotnet {Gotrace.Dll} exec {Path.Combine(solution, "App")} -o {trace} -- {stop}", Root,
                environment: new System.Collections.Generic.Dictionary<string, string> { ["GOTRACE_MODE"] = "ring", ["GOTRACE_MAX_SIZE"] = "256K" });
            terminal.WaitFor("tick 100", TimeSpan.FromMinutes(5));

            var once = Gotrace.Run(new[] { "top", trace, "--once", "--interval", "1s" }, Root);
            var again = Gotrace.Run(new[] { "top", trace, "--once", "--interval", "500ms" }, Root);

            once.ExitCode.ShouldBe(0, once.ToString());
            once.StdOut.ShouldMatch(@"\n\s*\S+\s+\S+%\s+[\d.]+\s+\S+\s+\S+\s+\S+\s+Program\.Step\n", customMessage: once.ToString());
            again.StdOut.ShouldContain("Program.Step", customMessage: again.ToString());
            new FileInfo(trace).Length.ShouldBeLessThanOrEqualTo(256 * 1024);
            File.WriteAllText(stop, "");
            terminal.WaitFor("[exited 0]", TimeSpan.FromSeconds(60), history: true);
            Gotrace.Run(new[] { "report", trace, "--depth", "1" }, Root).StdErr.ShouldContain("to ring mode"); // it did wrap
        }
        finally
        {
            File.WriteAllText(stop, "");
            RepoPaths.DeleteDirectories(solution);
        }
    }

    [Test]
    public void Top_once_on_a_finished_trace_says_the_program_has_ended()
    {
        var builder = new TraceFileBuilder().Process("app", "app").Module("App", 1, ("App", "Program.Main"));
        builder.Thread(0, 1, "main").Call(1, 0, 1000);
        var trace = builder.Save(Path.Combine(Root, "done.gotrace"));

        var (exitCode, stdout, stderr) = Run("top", trace, "--once", "--interval", "100ms");

        (exitCode, stderr).ShouldBe((0, ""));
        stdout.ShouldStartWith("gotrace top  app (pid 4242)  at ");
        stdout.ShouldContain("(the program has ended)");
        stdout.ShouldContain("(no traced code ran in this interval)");
    }

    [Test]
    public void Mistakes_get_one_line()
    {
        var notATrace = Path.Combine(Root, "notes.txt");
        File.WriteAllText(notATrace, "hello");

        Run("top", Path.Combine(Root, "nope.gotrace")).ShouldBe((2, "", $"gotrace: no such file: {Path.Combine(Root, "nope.gotrace")}\n"));
        Run("top", notATrace, "--interval", "10ms").ShouldBe((2, "", "gotrace: --interval needs a duration of at least 100ms, like 500ms, 1s or 2.5s (got '10ms')\n"));
        Run("top", notATrace, "--once").ShouldBe((2, "", $"gotrace: {notATrace}: not a GoTrace trace file (bad magic)\n"));
        Run("run", Root, "--interval", "1s").ShouldBe((2, "", "gotrace: --interval goes with --live\n"));
        Run("run", Root, "--live", "--json").ShouldBe((2, "",
            "gotrace: --live shows its view on stdout: the report after it is the tree or the --top table there; write other formats to a file with -o\n"));
    }

    static (int ExitCode, string StdOut, string StdErr) Run(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exitCode = CommandLineApp.Run(args, stdout, stderr);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }
}
