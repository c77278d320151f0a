using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GoTrace.Cli;

/// <summary>Weaves every assembly of a staged app that belongs to the user's solution (or that --include names), and says how it went.</summary>
public static class SolutionWeaver
{
    /// <summary>The assemblies <see cref="Weave"/> would weave, without touching them.</summary>
    public static IReadOnlyList<string> Select(string entryAssembly, string? include) =>
        SolutionAssemblies.FindToWeave(Path.GetDirectoryName(entryAssembly)!, Path.GetFileName(entryAssembly), include);

    /// <summary>Weaves in place; throws <see cref="CliException"/> (exit 2) when the weaver reports an error.</summary>
    public static IReadOnlyList<WeaveResult> Weave(string stagedEntryAssembly, string? include, string? exclude, StatusLog log, string? tinyMembers = null)
    {
        var assemblies = Select(stagedEntryAssembly, include);
        foreach (var missing in SolutionAssemblies.UnmatchedNames(assemblies, include))
        {
            log.Warning($"--include names [{missing}], but no assembly of that name is in {Path.GetDirectoryName(stagedEntryAssembly)} " +
                "(framework assemblies are there only in self-contained apps)");
        }

        var results = new List<WeaveResult>();
        foreach (var assembly in assemblies)
        {
            var result = AssemblyWeaver.Weave(assembly, include, exclude, tinyMembers);
            results.Add(result);
            if (result.AlreadyWoven && (include != null || exclude != null))
            {
                // gotrace built with -p:GoTrace=false; this project weaves some other way (WeaverFiles of its own).
                throw new CliException($"{Path.GetFileName(assembly)} is woven by Fody during its own build and -p:GoTrace=false does not " +
                    "switch that off, so --include and --exclude cannot apply; set Include/Exclude in its FodyWeavers.xml instead");
            }

            Report(result, log);
            if (result.Errors.Count > 0)
            {
                Fail(result, log);
            }
        }

        if (!results.Any(result => result.WovenCount > 0 || result.AlreadyWoven))
        {
            log.Warning("no method was woven, so there is nothing to trace" +
                (include != null || exclude != null ? " (do --include/--exclude match any type?)" : ""));
        }

        return results;
    }

    /// <summary>Whether any method was woven (or came woven from a GoTrace.Fody build).</summary>
    public static bool Traced(IReadOnlyList<WeaveResult> results) => results.Any(result => result.WovenCount > 0 || result.AlreadyWoven);

    static void Fail(WeaveResult result, StatusLog log)
    {
        var name = Path.GetFileName(result.AssemblyPath);
        var messages = result.Errors.Select(error => ConfigErrors.IsConfigError(error)
            ? ConfigErrors.InCommandLineTerms(error)
            : $"{name}: {error}").ToList();
        foreach (var message in messages.Skip(1))
        {
            log.Note(message);
        }

        throw new CliException(messages[0], ExitCodes.Usage);
    }

    static void Report(WeaveResult result, StatusLog log)
    {
        var name = Path.GetFileName(result.AssemblyPath);
        if (result.AlreadyWoven)
        {
            log.Note($"{name} is already woven (it uses GoTrace.Fody); tracing it as built");
            return;
        }

        foreach (var warning in result.Warnings)
        {
            log.Warning($"{name}: {warning}");
        }

        if (result.Errors.Count > 0)
        {
            return;
        }

        log.Verbose($"wove {name}: {Plural(result.WovenCount, "method")} woven, {result.Skipped.Count} skipped");
        foreach (var skipped in result.Skipped)
        {
            log.Verbose($"  skipped {skipped.Name}: {skipped.Reason}");
        }

        foreach (var message in result.Messages.Except(result.Warnings))
        {
            log.Verbose($"  {message}");
        }
    }

    public static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
