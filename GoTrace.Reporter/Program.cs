using System;
using System.IO;
using System.Text;

namespace GoTrace.Reporter;

internal static class Program
{
    private static int Main(string[] args)
    {
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
        try
        {
            return ReportCommand.Run(args, stdout, Console.Error);
        }
        catch (Exception e)
        {
            // A bug of ours: still one line, never a stack trace.
            Console.Error.WriteLine("gotrace-report: internal error: " + e.Message.ReplaceLineEndings(" "));
            return 1;
        }
        finally
        {
            try
            {
                stdout.Flush();
            }
            catch (IOException)
            {
                // The reader of our output went away (e.g. `| head`).
            }
        }
    }
}
