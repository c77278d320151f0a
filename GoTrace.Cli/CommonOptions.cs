using System.CommandLine;

namespace GoTrace.Cli;

/// <summary>The options every build-weave-run command shares.</summary>
public sealed class CommonOptions
{
    public Option<string> Include { get; } = new("--include")
    {
        Description = "Trace only types matching these filters: [Assembly]Type globs separated by |, e.g. \"MyApp.Services.*|[Lib]*\"",
        HelpName = "filters",
    };

    public Option<string> Exclude { get; } = new("--exclude")
    {
        Description = "Never trace types matching these filters (same syntax; wins over --include)",
        HelpName = "filters",
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Show the build output and what was woven, and keep the workspace",
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
        command.Options.Add(Verbose);
        command.Options.Add(Configuration);
        command.Options.Add(Framework);
    }
}
