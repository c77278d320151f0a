using System;
using System.Threading.Tasks;

namespace Demo;

public sealed class Server
{
    public const int WarmupRequests = 20000;

    public int Run()
    {
        var metrics = new Metrics();
        metrics.Start();

        Config config = Config.Load();
        Console.WriteLine("config loaded: " + config.Count + " keys");

        Db db = Db.Connect(config);
        Console.WriteLine("db connected: " + db.Describe());
        db.Migrate();
        Console.WriteLine("db migrated: " + db.MigrationCount + " migrations");

        var cache = new Cache();
        cache.Warm(config.GetInt("cache.size"));
        Console.WriteLine("cache warmed: " + cache.Count + " entries");

        Router router = Router.Build(config.GetList("api.resources"));
        Console.WriteLine("router: " + router.Count + " routes");
        Console.WriteLine(ServeWarmupRequests(router, WarmupRequests));

        Console.WriteLine(StartAsync(db, cache).GetAwaiter().GetResult());
        Console.WriteLine(metrics.StopAndReport());
        Console.WriteLine("demo done");
        return 0;
    }

    private static string ServeWarmupRequests(Router router, int count)
    {
        int matched = 0;
        int missed = 0;
        long handlerChars = 0;
        for (int i = 0; i < count; i++)
        {
            (string method, string path) = Request.Synthetic(i, router.Resources);
            Route? route = router.Match(method, path);
            if (route == null)
            {
                missed++;
                continue;
            }
            matched++;
            handlerChars += route.Handler.Length;
        }
        return "requests: " + matched + " matched, " + missed + " not found, " + handlerChars + " handler chars";
    }

    private static async Task<string> StartAsync(Db db, Cache cache)
    {
        int ping = await db.PingAsync();
        int[] rows = await Task.WhenAll(db.QueryAsync("users"), db.QueryAsync("orders"));
        long checksum = await Task.Run(() => cache.Checksum());
        return "ping: " + ping + " ok, rows: " + rows[0] + " users, " + rows[1] + " orders, cache checksum: " + checksum;
    }
}

/// <summary>Deterministic synthetic traffic.</summary>
public static class Request
{
    public static (string Method, string Path) Synthetic(int i, string[] resources)
    {
        string resource = resources[i % resources.Length];
        int id = i % 97;
        switch (i % 7)
        {
            case 0: return ("GET", "/" + resource);
            case 1: return ("GET", "/" + resource + "/" + id);
            case 2: return ("POST", "/" + resource);
            case 3: return ("PUT", "/" + resource + "/" + id);
            case 4: return ("DELETE", "/" + resource + "/" + id);
            case 5: return ("GET", "/" + resource + "/" + id + "/history");
            default: return ("GET", "/unknown/" + id);
        }
    }
}
