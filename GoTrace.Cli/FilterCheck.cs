using System.Linq;
using GoTrace.Fody;

namespace GoTrace.Cli;

/// <summary>Rejects malformed --include/--exclude/--tiny-members before anything is built, with the weaver's own words.</summary>
public static class FilterCheck
{
    public static void Validate(string? include, string? exclude, string? tinyMembers = null)
    {
        var errors = ModuleWeaver.CheckConfig(AssemblyWeaver.Config(include, exclude, tinyMembers))
            .Select(ConfigErrors.InCommandLineTerms)
            .ToList();
        if (errors.Count > 0)
        {
            throw new CliException(string.Join("; ", errors));
        }
    }
}
