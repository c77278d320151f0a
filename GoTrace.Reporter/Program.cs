using System;

namespace GoTrace.Reporter;

internal static class Program
{
    private static int Main(string[] args)
    {
        try
        {
            using var stdout = Console.OpenStandardOutput();
            return ReportCommand.Run(args, stdout, Console.Error, ReportConsole.FromConsole());
        }
        catch (Exception e)
        {
            // A bug of ours: still one line, never a stack trace.
            Console.Error.WriteLine("gotrace-report: internal error: " + e.Message.ReplaceLineEndings(" "));
            return ReportCommand.InternalError;
        }
    }
}
