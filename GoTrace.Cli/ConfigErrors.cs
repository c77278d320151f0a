using System.Text.RegularExpressions;

namespace GoTrace.Cli;

/// <summary>
/// The weaver words configuration errors for FodyWeavers.xml ("Include: …"); on the command line the
/// same values came from --include/--exclude/--tiny-members, so say that instead.
/// </summary>
public static class ConfigErrors
{
    const string FodyPrefix = "GoTrace configuration in FodyWeavers.xml: ";

    public static bool IsConfigError(string error) => error.StartsWith(FodyPrefix, System.StringComparison.Ordinal);

    public static string InCommandLineTerms(string error)
    {
        var text = IsConfigError(error) ? error.Substring(FodyPrefix.Length) : error;
        text = Regex.Replace(text, @"(^|; )TinyMembers: ", match => match.Groups[1].Value + "--tiny-members: ");
        return Regex.Replace(text, @"(^|; )(Include|Exclude): ", match => match.Groups[1].Value + "--" + match.Groups[2].Value.ToLowerInvariant() + ": ");
    }
}
