using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace GoTrace.Benchmarks;

/// <summary>
/// Quick summary mode 'weaving': how long GoTrace weaving adds to the build of a large assembly.
/// <c>dotnet run -c Release --project benchmarks/GoTrace.Benchmarks -- weaving [--classes N] [--runs N]</c>
/// generates a project of N service classes (default 400, about 6,800 woven functions), builds it in Release
/// with Fody and the in-solution weaver, then rebuilds it <c>runs</c> times (default 5), each time after
/// touching a source file so the compiler and Fody both run again, and reads Fody's own timing from the
/// build log. Fody's time is the whole cost weaving adds: reading the assembly and its symbols, weaving,
/// writing both back. The last line is the summary:
/// <c>weaving: methods=&lt;n&gt; weave_ms=&lt;median&gt; per_method_us=&lt;median / n&gt;</c>.
/// </summary>
public static class WeavingMode
{
    static readonly Regex FodyFinished = new(@"Finished Fody (\d+)ms", RegexOptions.CultureInvariant);
    static readonly Regex Traced = new(@"traced (\d+) methods? of WeavingWorkload \(\d+ tiny members? counted, not timed\), skipped (\d+)", RegexOptions.CultureInvariant);

    public static int Run(string[] args)
    {
        var classes = Option(args, "--classes", 400);
        var runs = Option(args, "--runs", 5);
        var root = WeavingBuild.RepositoryRoot();
        if (root == null)
        {
            Console.Error.WriteLine("weaving: run from the repository (GoTrace.sln not found above the current folder)");
            return 2;
        }

        var scratch = Directory.CreateTempSubdirectory("gotrace-weaving-").FullName;
        try
        {
            var project = WeavingWorkload.Write(Path.Combine(scratch, "WeavingWorkload"), root, classes);
            var build = new WeavingBuild(project, Path.Combine(scratch, "artifacts"));
            Console.WriteLine($"weaving: {classes} generated classes in {project}; first build (restore, runtime, weaver)");
            var first = build.Run();
            if (first.ExitCode != 0)
            {
                Console.Error.WriteLine(first.Log);
                Console.Error.WriteLine("weaving: the workload did not build");
                return 1;
            }

            var fodyMs = new List<int>();
            var buildMs = new List<long>();
            var methods = 0;
            var skipped = 0;
            for (var run = 0; run < runs; run++)
            {
                build.TouchSource(run);
                var result = build.Run();
                var fody = FodyFinished.Match(result.Log);
                var traced = Traced.Match(result.Log);
                if (result.ExitCode != 0 || !fody.Success || !traced.Success)
                {
                    Console.Error.WriteLine(result.Log);
                    Console.Error.WriteLine("weaving: the rebuild did not weave (no Fody timing or GoTrace summary in the log)");
                    return 1;
                }

                fodyMs.Add(int.Parse(fody.Groups[1].Value, CultureInfo.InvariantCulture));
                buildMs.Add(result.ElapsedMs);
                methods = int.Parse(traced.Groups[1].Value, CultureInfo.InvariantCulture);
                skipped = int.Parse(traced.Groups[2].Value, CultureInfo.InvariantCulture);
                Console.WriteLine($"  rebuild {run + 1}: fody {fodyMs[^1]} ms, whole build {buildMs[^1]} ms");
            }

            var weaveMs = MeasuredLoops.Median(fodyMs.Select(ms => (double)ms));
            var wholeMs = MeasuredLoops.Median(buildMs.Select(ms => (double)ms));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"weaving: {methods} methods woven, {skipped} skipped; median of {runs} rebuilds: Fody {weaveMs:0} ms (fastest {fodyMs.Min()} ms) of a {wholeMs:0} ms build ({weaveMs * 100 / wholeMs:0.0}%)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"weaving: methods={methods} weave_ms={weaveMs:0} per_method_us={weaveMs * 1000 / Math.Max(1, methods):0.0}"));
            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }


    static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
    }
}
