using System;

namespace GoTrace.Cli;

public static class Program
{
    public static int Main(string[] args) => CommandLineApp.Run(args, Console.Out, Console.Error);
}
