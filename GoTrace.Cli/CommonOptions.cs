using System.CommandLine;

namespace GoTrace.Cli;

/// <summary>The options the gotrace commands share: filters and -v always, build options where a project is built.</summary>
public sealed class CommonOptions
{
    readonly bool _builds;

    public CommonOptions(bool builds = true)
    {
        _builds = builds;
    }

    public Option<string> Include { get; } = new("--include")
    {
        Description = "Trace only types matching these filters: [Assembly]Type globs separated by |, e.g. \"MyApp.Services.*|[Lib]*\". A filter naming a NuGet package's assembly, e.g. \"[Newtonsoft.Json]*\", weaves that package too",
        HelpName = "filters",
    };

    public Option<string> Exclude { get; } = new("--exclude")
    {
        Description = "Never trace types matching these filters (same syntax; wins over --include)",
        HelpName = "filters",
    };

    public Option<string> TinyMembers { get; } = new("--tiny-members")
    {
        Description = "Tiny members the JIT inlines (field getters and setters, one-line expressions): count their calls without timing them (count, the default), or time them like any method (time)",
        HelpName = "count|time",
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Show the workspace, the build output, each assembly woven and the methods skipped with their reasons; keep the workspace",
    };

    public Option<string> Configuration { get; } = new("--configuration", "-c")
    {
        Description = "Build configuration",
        HelpName = "Debug|Release",
        DefaultValueFactory = _ => "Debug",
    };

    public Option<string> Framework { get; } = new("--framework", "-f")
    {
        Description = "Target framework to build, for projects that target several",
        HelpName = "tfm",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Include);
        command.Options.Add(Exclude);
        command.Options.Add(TinyMembers);
        command.Options.Add(Verbose);
        if (_builds)
        {
            command.Options.Add(Configuration);
            command.Options.Add(Framework);
        }
    }

    /// <summary>What the user chose, read from a parse result.</summary>
    public CommandSettings Read(ParseResult parseResult) => new(
        parseResult.GetValue(Include),
        parseResult.GetValue(Exclude),
        parseResult.GetValue(Verbose),
        _builds ? parseResult.GetValue(Configuration) ?? "Debug" : "Debug",
        _builds ? parseResult.GetValue(Framework) : null,
        parseResult.GetValue(TinyMembers));
}

/// <summary>The values of <see cref="CommonOptions"/> for one command line.</summary>
public sealed record CommandSettings(string? Include, string? Exclude, bool Verbose, string Configuration, string? Framework, string? TinyMembers = null);
