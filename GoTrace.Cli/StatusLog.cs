using System.IO;

namespace GoTrace.Cli;

/// <summary>gotrace's own messages on stderr, each prefixed "gotrace: "; the verbose ones only with -v.</summary>
public sealed class StatusLog
{
    public StatusLog(TextWriter stderr, bool verbose)
    {
        Error = stderr;
        IsVerbose = verbose;
    }

    public TextWriter Error { get; }

    public bool IsVerbose { get; }

    public void Verbose(string message)
    {
        if (IsVerbose)
        {
            Error.WriteLine("gotrace: " + message);
        }
    }

    /// <summary>Text shown as it is (build output) with -v only.</summary>
    public void VerboseRaw(string text)
    {
        if (IsVerbose && text.Length > 0)
        {
            Error.Write(text.EndsWith('\n') ? text : text + "\n");
        }
    }

    public void Warning(string message) => Error.WriteLine("gotrace: warning: " + message);

    public void Note(string message) => Error.WriteLine("gotrace: " + message);
}
