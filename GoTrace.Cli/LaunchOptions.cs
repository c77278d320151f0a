using System.CommandLine;
using GoTrace.Reporter.CommandLine;

namespace GoTrace.Cli;

/// <summary><c>--launch-profile</c> and <c>--no-launch-profile</c>, as dotnet run takes them.</summary>
public sealed class LaunchOptions
{
    static readonly HelpSection Section = new("launch (Properties/launchSettings.json, as dotnet run)", Order: 15);

    public Option<string> Profile { get; } = new Option<string>("--launch-profile", "-lp")
    {
        Description = "Run with this launch profile (default: the first profile whose commandName is Project)",
        HelpName = "name",
    }.InSection(Section);

    public Option<bool> NoProfile { get; } = new Option<bool>("--no-launch-profile")
    {
        Description = "Use no launch profile",
        Arity = ArgumentArity.Zero,
    }.InSection(Section);

    public void AddTo(Command command)
    {
        command.Options.Add(Profile);
        command.Options.Add(NoProfile);
    }

    public LaunchChoice Read(ParseResult parseResult) => new(parseResult.GetValue(Profile), parseResult.GetValue(NoProfile));
}

/// <summary>Which launch profile the user asked for: a name, none, or (both null/false) the default.</summary>
public sealed record LaunchChoice(string? ProfileName, bool NoProfile)
{
    public static readonly LaunchChoice Default = new(null, false);
}
