using System;
using System.Collections.Generic;
using System.CommandLine.Parsing;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace GoTrace.Cli;

/// <summary>
/// A launch profile of <c>Properties/launchSettings.json</c>, applied as <c>dotnet run</c> applies it: the profile's
/// environment variables (<c>%NAME%</c> expanded), <c>applicationUrl</c> as ASPNETCORE_URLS, DOTNET_LAUNCH_PROFILE,
/// and <c>commandLineArgs</c> when the command line gives the program no arguments. <c>workingDirectory</c>, which
/// dotnet run ignores, is applied as Visual Studio applies it (relative to the project's folder).
/// </summary>
public sealed record LaunchProfile(
    string Name,
    string SettingsPath,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string>? CommandLineArgs,
    string? WorkingDirectory)
{
    const string ProjectCommand = "Project";

    /// <summary>
    /// The profile to run <paramref name="projectPath"/> with: <paramref name="name"/> (any case), or else the first
    /// profile whose commandName is Project; null when there is no settings file, no such profile, or
    /// <paramref name="noProfile"/>. A named profile that is not there, or a file that is not valid, is refused.
    /// </summary>
    public static LaunchProfile? Choose(string projectPath, string? name, bool noProfile)
    {
        if (noProfile)
        {
            if (name != null)
            {
                throw new CliException("--launch-profile and --no-launch-profile cannot be combined");
            }

            return null;
        }

        var projectDirectory = Path.GetDirectoryName(Path.GetFullPath(projectPath))!;
        var settingsPath = Path.Combine(projectDirectory,
            string.Equals(Path.GetExtension(projectPath), ".vbproj", StringComparison.OrdinalIgnoreCase) ? "My Project" : "Properties",
            "launchSettings.json");
        if (!File.Exists(settingsPath))
        {
            return name == null ? null : throw new CliException($"--launch-profile {name}: there is no {settingsPath}");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(settingsPath),
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("profiles", out var profiles) || profiles.ValueKind != JsonValueKind.Object)
            {
                return name == null ? null : throw new CliException($"--launch-profile {name}: {settingsPath} has no \"profiles\" object");
            }

            var all = profiles.EnumerateObject().ToList();
            var chosen = name == null
                ? all.FirstOrDefault(p => CommandName(p.Value) == ProjectCommand)
                : all.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            if (chosen.Value.ValueKind == JsonValueKind.Undefined)
            {
                return name == null ? null
                    : throw new CliException($"no launch profile '{name}' in {settingsPath} (profiles: {string.Join(", ", all.Select(p => p.Name))})");
            }

            if (chosen.Value.ValueKind != JsonValueKind.Object || CommandName(chosen.Value) != ProjectCommand)
            {
                throw new CliException($"launch profile '{chosen.Name}' in {settingsPath} is not a Project profile " +
                    $"(commandName {CommandName(chosen.Value) ?? "missing"}); gotrace runs the project itself, as dotnet run does");
            }

            return Read(chosen.Name, chosen.Value, settingsPath, projectDirectory);
        }
        catch (JsonException exception)
        {
            throw new CliException($"{settingsPath} is not valid JSON: {exception.Message}");
        }
    }

    /// <summary>The program's environment: gotrace's own, with the profile's on top.</summary>
    public IReadOnlyDictionary<string, string> Over(IReadOnlyDictionary<string, string> environment)
    {
        var merged = new Dictionary<string, string>(Environment);
        foreach (var (key, value) in environment)
        {
            merged[key] = value;
        }

        return merged;
    }

    static LaunchProfile Read(string name, JsonElement profile, string settingsPath, string projectDirectory)
    {
        // As dotnet run: the URLs, then the profile's name, then its variables, which may override either.
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (profile.TryGetProperty("applicationUrl", out var url) && Text(url) is { Length: > 0 } urls)
        {
            environment["ASPNETCORE_URLS"] = urls;
        }

        environment["DOTNET_LAUNCH_PROFILE"] = name;
        string? arguments = null;
        string? workingDirectory = null;
        foreach (var property in profile.EnumerateObject())
        {
            switch (property.Name.ToLowerInvariant())
            {
                case "commandlineargs":
                    arguments = Text(property.Value);
                    break;
                case "workingdirectory" when Text(property.Value) is { Length: > 0 } directory:
                    workingDirectory = Path.GetFullPath(System.Environment.ExpandEnvironmentVariables(directory), projectDirectory);
                    if (!Directory.Exists(workingDirectory))
                    {
                        throw new CliException($"launch profile '{name}' in {settingsPath}: its workingDirectory {workingDirectory} does not exist");
                    }

                    break;
                case "environmentvariables" when property.Value.ValueKind == JsonValueKind.Object:
                    foreach (var variable in property.Value.EnumerateObject())
                    {
                        if (Text(variable.Value) is { } value)
                        {
                            environment[variable.Name] = System.Environment.ExpandEnvironmentVariables(value);
                        }
                    }

                    break;
            }
        }

        var splitArguments = arguments == null ? null : CommandLineParser.SplitCommandLine(arguments).ToList();
        return new LaunchProfile(name, settingsPath, environment, splitArguments, workingDirectory);
    }

    static string? CommandName(JsonElement profile) =>
        profile.ValueKind == JsonValueKind.Object && profile.TryGetProperty("commandName", out var command) && command.ValueKind == JsonValueKind.String
            ? command.GetString()
            : null;

    /// <summary>A setting's text as dotnet run reads it: strings, true/false as True/False, null as empty; nothing else.</summary>
    static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => bool.TrueString,
        JsonValueKind.False => bool.FalseString,
        JsonValueKind.Null => string.Empty,
        _ => null,
    };
}
