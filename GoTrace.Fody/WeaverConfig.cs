using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace GoTrace.Fody;

/// <summary>The &lt;GoTrace Include="…" Exclude="…" /&gt; element of FodyWeavers.xml.</summary>
internal sealed class WeaverConfig
{
    private static readonly string[] KnownAttributes = { "Include", "Exclude" };

    private readonly List<FilterPattern> _include;
    private readonly List<FilterPattern> _exclude;

    private WeaverConfig(List<FilterPattern> include, List<FilterPattern> exclude)
    {
        _include = include;
        _exclude = exclude;
    }

    /// <summary>Reads the element; every problem is collected in <paramref name="errors"/>.</summary>
    public static WeaverConfig Read(XElement? element, List<string> errors)
    {
        if (element != null)
        {
            foreach (var unknown in element.Attributes().Where(a => !a.IsNamespaceDeclaration && !KnownAttributes.Contains(a.Name.LocalName)))
            {
                errors.Add($"unknown attribute '{unknown.Name.LocalName}' on <GoTrace>: expected Include or Exclude");
            }
        }

        return new WeaverConfig(
            ReadFilters(element, "Include", errors),
            ReadFilters(element, "Exclude", errors));
    }

    /// <summary>Exclude wins over Include; no Include means everything.</summary>
    public bool Selects(string assemblyName, string typeName) =>
        (_include.Count == 0 || _include.Any(f => f.Matches(assemblyName, typeName))) &&
        !_exclude.Any(f => f.Matches(assemblyName, typeName));

    private static List<FilterPattern> ReadFilters(XElement? element, string attribute, List<string> errors)
    {
        var filters = new List<FilterPattern>();
        var value = element?.Attribute(attribute)?.Value;
        if (value == null)
        {
            return filters;
        }

        foreach (var part in value.Split('|'))
        {
            var filter = FilterPattern.Parse(part, out var error);
            if (filter == null)
            {
                errors.Add($"{attribute}: {error}");
            }
            else
            {
                filters.Add(filter);
            }
        }

        return filters;
    }
}
