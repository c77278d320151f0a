using System;
using System.Collections.Generic;

namespace Demo;

/// <summary>Route registration and matching, indexed by the first path segment.</summary>
public sealed class Router
{
    private readonly Dictionary<string, List<Route>> _byFirstSegment;

    private Router(string[] resources)
    {
        Resources = resources;
        _byFirstSegment = new Dictionary<string, List<Route>>(StringComparer.Ordinal);
    }

    public string[] Resources { get; }

    public int Count { get; private set; }

    public static Router Build(string[] resources)
    {
        var router = new Router(resources);
        foreach (string resource in resources) router.RegisterResource(resource);
        return router;
    }

    public void Register(string method, string template, string handler)
    {
        var route = Route.Parse(method, template, handler);
        Index(route);
        Count++;
    }

    public Route? Match(string method, string path)
    {
        string[] segments = Route.Split(path);
        if (segments.Length == 0 || !_byFirstSegment.TryGetValue(segments[0], out List<Route>? candidates)) return null;
        foreach (Route route in candidates)
        {
            if (route.Matches(method, segments)) return route;
        }
        return null;
    }

    private void RegisterResource(string resource)
    {
        string name = Capitalize(resource);
        Register("GET", "/" + resource, name + "Controller.List");
        Register("GET", "/" + resource + "/{id}", name + "Controller.Get");
        Register("POST", "/" + resource, name + "Controller.Create");
        Register("PUT", "/" + resource + "/{id}", name + "Controller.Update");
        Register("DELETE", "/" + resource + "/{id}", name + "Controller.Delete");
        Register("GET", "/" + resource + "/{id}/history", name + "Controller.History");
    }

    private void Index(Route route)
    {
        string first = route.Segments[0];
        if (!_byFirstSegment.TryGetValue(first, out List<Route>? list))
        {
            list = new List<Route>();
            _byFirstSegment[first] = list;
        }
        list.Add(route);
    }

    private static string Capitalize(string word) => char.ToUpperInvariant(word[0]) + word.Substring(1);
}

public sealed class Route
{
    private Route(string method, string[] segments, string handler)
    {
        Method = method;
        Segments = segments;
        Handler = handler;
    }

    public string Method { get; }

    public string[] Segments { get; }

    public string Handler { get; }

    public static Route Parse(string method, string template, string handler) => new Route(method, Split(template), handler);

    public static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    public bool Matches(string method, string[] segments)
    {
        if (!SameMethod(method) || segments.Length != Segments.Length) return false;
        for (int i = 0; i < segments.Length; i++)
        {
            if (!SegmentMatches(Segments[i], segments[i])) return false;
        }
        return true;
    }

    private bool SameMethod(string method) => string.Equals(Method, method, StringComparison.Ordinal);

    private static bool SegmentMatches(string pattern, string value) => IsParameter(pattern) || string.Equals(pattern, value, StringComparison.Ordinal);

    private static bool IsParameter(string pattern) => pattern.Length > 2 && pattern[0] == '{' && pattern[pattern.Length - 1] == '}';
}
