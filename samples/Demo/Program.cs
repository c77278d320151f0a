namespace Demo;

/// <summary>
/// A small program shaped like a service start-up: config, database, cache, router, metrics, async I/O.
/// A few hundred thousand calls in well under a second or two; its output does not depend on timing.
/// </summary>
public static class Program
{
    public static int Main()
    {
        var server = new Server();
        return server.Run();
    }
}
