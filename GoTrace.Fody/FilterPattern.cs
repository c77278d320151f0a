using System.Text.RegularExpressions;

namespace GoTrace.Fody;

/// <summary>
/// One coverage-style filter, <c>[AssemblyGlob]TypeGlob</c>; <c>*</c> matches any run of characters
/// (dots included), <c>?</c> one character. Without brackets the assembly glob is <c>*</c>.
/// </summary>
internal sealed class FilterPattern
{
    private static readonly Regex Shape = new(@"^(?:\[(?<assembly>[^\[\]]+)\])?(?<type>[^\[\]]+)$");
    private static readonly Regex AllowedGlob = new(@"^[\w.*?<>`+/,\- ]+$");

    private readonly Regex _assembly;
    private readonly Regex _type;

    private FilterPattern(string text, Regex assembly, Regex type)
    {
        Text = text;
        _assembly = assembly;
        _type = type;
    }

    public string Text { get; }

    /// <summary>Parses one filter; null with <paramref name="error"/> set when malformed.</summary>
    public static FilterPattern? Parse(string text, out string? error)
    {
        error = null;
        var trimmed = text.Trim();
        var match = Shape.Match(trimmed);
        var assembly = match.Groups["assembly"].Success ? match.Groups["assembly"].Value.Trim() : "*";
        var type = match.Groups["type"].Value.Trim();
        if (!match.Success || !AllowedGlob.IsMatch(assembly) || !AllowedGlob.IsMatch(type))
        {
            error = $"'{text}' is not a filter: expected [AssemblyGlob]TypeGlob, e.g. [MyApp]MyApp.Services.* or *.Generated.*";
            return null;
        }

        return new FilterPattern(trimmed, ToRegex(assembly), ToRegex(type));
    }

    public bool Matches(string assemblyName, string typeName) => _assembly.IsMatch(assemblyName) && _type.IsMatch(typeName);

    private static Regex ToRegex(string glob) =>
        new("^" + Regex.Escape(glob).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.CultureInvariant);
}
