using System.Collections.Generic;

namespace GoTrace.Cli;

/// <summary>What <see cref="WorkspaceBuilder"/> learned from one <c>dotnet build</c>.</summary>
public sealed class BuildResult
{
    public BuildResult(bool succeeded, string targetPath, string targetFrameworks, string outputType,
        bool isTestProject, bool isTestingPlatformApplication, IReadOnlyList<string> errorLines, string log)
    {
        Succeeded = succeeded;
        TargetPath = targetPath;
        TargetFrameworks = targetFrameworks;
        OutputType = outputType;
        IsTestProject = isTestProject;
        IsTestingPlatformApplication = isTestingPlatformApplication;
        ErrorLines = errorLines;
        Log = log;
    }

    public bool Succeeded { get; }

    /// <summary>The project's main output assembly (MSBuild's TargetPath); empty for a multi-targeting project built without a framework.</summary>
    public string TargetPath { get; }

    public string TargetFrameworks { get; }

    public string OutputType { get; }

    /// <summary>MSBuild's IsTestProject: set by Microsoft.NET.Test.Sdk (and MSTest.Sdk).</summary>
    public bool IsTestProject { get; }

    /// <summary>MSBuild's IsTestingPlatformApplication: the tests run under Microsoft.Testing.Platform, not VSTest.</summary>
    public bool IsTestingPlatformApplication { get; }

    /// <summary>What the build wrote to stderr: the error lines of the compiler, restore and MSBuild.</summary>
    public IReadOnlyList<string> ErrorLines { get; }

    /// <summary>The build's output as <c>dotnet build</c> would have shown it.</summary>
    public string Log { get; }
}
