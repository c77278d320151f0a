using System;
using System.IO;
using GoTrace.Reporter;
using NUnit.Framework;
using Tests.Support;

namespace Tests.Reporter;

/// <summary>A temporary directory per test, and helpers to save, open and report built traces.</summary>
public abstract class ReporterTestBase
{
    // Function ids of the standard test module.
    protected const int ServerStart = 1;
    protected const int DbConnect = 2;
    protected const int RouterInit = 3;
    protected const int RouterAdd = 4;
    protected const int ProgramMain = 5;

    protected string Directory { get; private set; } = string.Empty;

    [SetUp]
    public void CreateDirectory()
    {
        Directory = Path.Combine(Path.GetTempPath(), "gotrace-reporter-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    [TearDown]
    public void DeleteDirectory()
    {
        RepoPaths.DeleteDirectories(Directory);
    }

    /// <summary>A trace with the process record and the standard module (ids 1-5).</summary>
    protected static TraceFileBuilder NewTrace() =>
        new TraceFileBuilder()
            .Process("app", "app --serve", ".NET 10.0.0")
            .Module(
                "App",
                1,
                ("App", "Server.Start"),
                ("App.Data", "Db.Connect"),
                ("App", "Router.Init"),
                ("App", "Router.Add"),
                ("App", "Program.Main"));

    protected string Save(TraceFileBuilder builder, string name = "trace.bin") => builder.Save(Path.Combine(Directory, name));

    protected string SaveBytes(byte[] bytes, string name = "trace.bin")
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    protected TraceFile Open(TraceFileBuilder builder) => TraceFile.Open(Save(builder));

    protected CallTree BuildTree(TraceFileBuilder builder)
    {
        using var file = Open(builder);
        return CallTree.Build(file);
    }

    protected static CommandResult RunCommand(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exitCode = ReportCommand.Run(args, stdout, stderr);
        return new CommandResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    protected sealed record CommandResult(int ExitCode, string Stdout, string Stderr)
    {
        public string[] StdoutLines => Lines(Stdout);

        public string[] StderrLines => Lines(Stderr);

        private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
