using System;
using GoTrace.Reporter;

namespace GoTrace.Cli;

public static class Program
{
    public static int Main(string[] args) => CommandLineApp.Run(args, new CliConsole(Console.Out, Console.Error, ReportConsole.FromConsole()));
}
