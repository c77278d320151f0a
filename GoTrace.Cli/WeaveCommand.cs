using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;

namespace GoTrace.Cli;

/// <summary>
/// <c>gotrace weave &lt;assembly-or-folder&gt; [-o &lt;dir&gt;] [--include F] [--exclude F] [-v]</c>: weave an app that is
/// already built or published, in place or into a copy, and make GoTrace.Runtime load beside it.
/// </summary>
public static class WeaveCommand
{
    public static Command Create(IReadOnlyList<string> extraArguments, TextWriter stdout, TextWriter stderr)
    {
        var app = PathArgument.Create("app", "The app's main assembly (.dll), or the folder it was built or published to", defaultValue: null);
        var output = new Option<string>("--output", "-o")
        {
            Description = "Weave a copy of the app's folder here and leave the original as it is (default: weave in place)",
            HelpName = "dir",
        };
        var options = new CommonOptions(builds: false);
        var command = new Command("weave",
            "Weave an app that is already built or published (e.g. for a nightly profiling build): the assemblies of your projects, and NuGet packages that --include names. GoTrace.Runtime is added beside the app and to its deps.json. Running the app then writes a trace.")
        {
            app,
        };
        options.AddTo(command);
        command.Options.Add(output);
        command.SetAction(parseResult =>
        {
            var settings = options.Read(parseResult);
            var log = new StatusLog(stderr, settings.Verbose);
            return CliException.Guard(log, () =>
                Execute(parseResult.GetValue(app)!, parseResult.GetValue(output), settings, extraArguments, stdout, log));
        });
        return command;
    }

    public static int Execute(string appPath, string? outputDirectory, CommandSettings settings, IReadOnlyList<string> extraArguments,
        TextWriter stdout, StatusLog log)
    {
        if (extraArguments.Count > 0)
        {
            throw new CliException($"weave runs nothing, so it takes no arguments after -- (got '{extraArguments[0]}')");
        }

        FilterCheck.Validate(settings.Include, settings.Exclude, settings.TinyMembers);
        var entry = AppLocator.Locate(appPath);
        var sourceDirectory = Path.GetDirectoryName(entry)!;

        // Refuse before anything is copied or changed: woven code must not be woven again.
        var selected = SolutionWeaver.Select(entry, settings.Include);
        var woven = selected.FirstOrDefault(AssemblyWeaver.IsWoven);
        if (woven != null)
        {
            throw new CliException($"{Path.GetFileName(woven)} in {sourceDirectory} is already woven by GoTrace; weave the original build or publish output instead");
        }

        var targetDirectory = outputDirectory == null ? sourceDirectory : Path.GetFullPath(outputDirectory);
        if (targetDirectory != sourceDirectory)
        {
            log.Verbose($"copying {sourceDirectory} to {targetDirectory}");
            AppStager.CopyDirectory(sourceDirectory, targetDirectory, skip: targetDirectory);
            entry = Path.Combine(targetDirectory, Path.GetFileName(entry));
        }

        AppStager.AddRuntime(entry);
        var results = SolutionWeaver.Weave(entry, settings.Include, settings.Exclude, log, settings.TinyMembers);
        var methods = results.Sum(result => result.WovenCount);
        var names = string.Join(", ", results.Where(result => result.WovenCount > 0).Select(result => Path.GetFileName(result.AssemblyPath)));
        stdout.WriteLine(methods == 0
            ? $"wove nothing in {targetDirectory}"
            : $"wove {SolutionWeaver.Plural(methods, "method")} in {names} ({targetDirectory})");
        stdout.WriteLine($"run it as usual; it writes its trace to $GOTRACE_OUTPUT, or ./{Path.GetFileNameWithoutExtension(entry)}.<pid>.gotrace");
        return ExitCodes.Success;
    }
}
