using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;

namespace GoTrace.Cli;

/// <summary>
/// Where test results (<c>--logger trx</c>, <c>--collect</c>, <c>--blame</c>) go. <c>dotnet test &lt;project&gt;</c> puts them
/// in the project's TestResults folder unless the user chose another; gotrace runs <c>dotnet test &lt;assembly&gt;</c>
/// from the current folder, so it names the project's folder itself.
/// </summary>
public static class TestResultsDirectory
{
    const string Option = "--results-directory";

    const string RunSettingsSeparator = "--";

    /// <summary>
    /// What to append to the user's dotnet test arguments: the project's TestResults folder as an inline run
    /// setting (created only when a result is written, unlike --results-directory's), or nothing when the user chose one.
    /// </summary>
    public static IReadOnlyList<string> Arguments(IReadOnlyList<string> testArguments, string projectPath)
    {
        if (ChosenByUser(testArguments))
        {
            return Array.Empty<string>();
        }

        var setting = "RunConfiguration.ResultsDirectory=" + Path.Combine(Path.GetDirectoryName(projectPath)!, "TestResults");
        return testArguments.Contains(RunSettingsSeparator) ? new[] { setting } : new[] { RunSettingsSeparator, setting };
    }

    /// <summary>--results-directory, or a run settings ResultsDirectory: in a --settings file or inline after a second --.</summary>
    static bool ChosenByUser(IReadOnlyList<string> arguments)
    {
        var inlineRunSettings = false;
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (inlineRunSettings)
            {
                if (argument.StartsWith("RunConfiguration.ResultsDirectory=", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            else if (argument == RunSettingsSeparator)
            {
                inlineRunSettings = true;
            }
            else if (argument == Option || HasValue(argument, Option))
            {
                return true;
            }
            else if (SettingsPath(arguments, i) is { } settings && SettingsChooseResults(settings))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The run settings file of <c>--settings file</c>, <c>-s file</c> or <c>--settings=file</c> at <paramref name="index"/>.</summary>
    static string? SettingsPath(IReadOnlyList<string> arguments, int index)
    {
        var argument = arguments[index];
        if (argument is "--settings" or "-s")
        {
            return index + 1 < arguments.Count ? arguments[index + 1] : null;
        }

        foreach (var option in new[] { "--settings", "-s" })
        {
            if (HasValue(argument, option))
            {
                return argument[(option.Length + 1)..];
            }
        }

        return null;
    }

    /// <summary><c>--option=value</c> or <c>--option:value</c>.</summary>
    static bool HasValue(string argument, string option) =>
        argument.Length > option.Length && argument.StartsWith(option, StringComparison.Ordinal) && argument[option.Length] is '=' or ':';

    static bool SettingsChooseResults(string settingsPath)
    {
        try
        {
            var resultsDirectory = XDocument.Load(settingsPath).Root?.Element("RunConfiguration")?.Element("ResultsDirectory");
            return !string.IsNullOrWhiteSpace(resultsDirectory?.Value);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or XmlException or ArgumentException)
        {
            // dotnet test reports an unreadable settings file itself.
            return false;
        }
    }
}
