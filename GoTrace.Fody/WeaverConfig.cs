using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace GoTrace.Fody;

/// <summary>The &lt;GoTrace Include="…" Exclude="…" TinyMembers="Count|Time" /&gt; element of FodyWeavers.xml.</summary>
internal sealed class WeaverConfig
{
    private static readonly string[] KnownAttributes = { "Include", "Exclude", "TinyMembers" };

    private readonly List<FilterPattern> _include;
    private readonly List<FilterPattern> _exclude;

    private WeaverConfig(List<FilterPattern> include, List<FilterPattern> exclude, bool countTinyMembers)
    {
        _include = include;
        _exclude = exclude;
        CountTinyMembers = countTinyMembers;
    }

    /// <summary>TinyMembers="Count" (the default): tiny members are counted in place, not timed; "Time" times them like any method.</summary>
    public bool CountTinyMembers { get; }

    /// <summary>Reads the element; every problem is collected in <paramref name="errors"/>.</summary>
    public static WeaverConfig Read(XElement? element, List<string> errors)
    {
        if (element != null)
        {
            foreach (var unknown in element.Attributes().Where(a => !a.IsNamespaceDeclaration && !KnownAttributes.Contains(a.Name.LocalName)))
            {
                errors.Add($"unknown attribute '{unknown.Name.LocalName}' on <GoTrace>: expected Include, Exclude or TinyMembers");
            }
        }

        return new WeaverConfig(
            ReadFilters(element, "Include", errors),
            ReadFilters(element, "Exclude", errors),
            ReadTinyMembers(element, errors));
    }

    private static bool ReadTinyMembers(XElement? element, List<string> errors)
    {
        var value = element?.Attribute("TinyMembers")?.Value.Trim();
        if (value == null || value.Equals("Count", System.StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (value.Equals("Time", System.StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        errors.Add($"TinyMembers: '{value}' is not a choice: expected Count (tiny members are counted, not timed) or Time (timed like any method)");
        return true;
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
