using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.IO;
using System.Linq;
using GoTrace.Cli;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Cli;

/// <summary>
/// The README is gotrace's reference: every command of gotrace's System.CommandLine definition, and every name and
/// alias of every option of every command (the reporter's options mounted in it included), is described there.
/// </summary>
public sealed class ReadmeOptionTests
{
    [Test]
    public void Every_gotrace_command_and_option_is_in_the_readme()
    {
        var readme = File.ReadAllText(RepoPaths.InRepo("README.md"));
        var root = CommandLineApp.Create(Array.Empty<string>(), Array.Empty<string>(), CliConsole.Redirected(TextWriter.Null, TextWriter.Null));

        var missing = new List<string>();
        foreach (var command in root.Subcommands)
        {
            if (!readme.Contains($"gotrace {command.Name}", StringComparison.Ordinal))
            {
                missing.Add($"gotrace {command.Name}");
            }

            foreach (var option in command.Options.Where(option => option is not (HelpOption or VersionOption)))
            {
                missing.AddRange(option.Aliases.Prepend(option.Name)
                    .Where(name => !readme.Contains($"`{name}", StringComparison.Ordinal))
                    .Select(name => $"gotrace {command.Name} {name}"));
            }
        }

        missing.ShouldBeEmpty("README.md does not describe these");
    }
}
