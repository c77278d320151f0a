using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Demo;

/// <summary>A simulated database: latency is Thread.Sleep, I/O is Task.Delay.</summary>
public sealed class Db
{
    private readonly string _user;
    private readonly string _host;
    private readonly int _port;
    private readonly List<string> _migrations;
    private bool _open;

    private Db(string user, string host, int port)
    {
        _user = user;
        _host = host;
        _port = port;
        _migrations = new List<string>();
    }

    public int MigrationCount => _migrations.Count;

    public static Db Connect(Config config)
    {
        var db = new Db(config.Get("db.user"), config.Get("db.host"), config.GetInt("db.port"));
        db.Open(config.GetInt("db.pool"));
        return db;
    }

    public string Describe() => _user + "@" + _host + ":" + _port + (_open ? "" : " (closed)");

    /// <summary>Takes 200 ms: the reference point for timing tests (200–260 ms).</summary>
    public void Migrate()
    {
        Thread.Sleep(200);
        Apply("001_create_users");
        Apply("002_create_orders");
        Apply("003_add_indexes");
    }

    public async Task<int> PingAsync()
    {
        await Task.Delay(30);
        return _open ? 1 : 0;
    }

    /// <summary>Simulated query I/O: the two queries the demo runs overlap (Task.WhenAll).</summary>
    public async Task<int> QueryAsync(string table)
    {
        await Task.Delay(40);
        return Parse(table);
    }

    private static int Parse(string table) => table.Length * 2;

    private void Open(int poolSize)
    {
        for (int i = 0; i < poolSize; i++) Handshake(i);
        Thread.Sleep(80);
        _open = true;
    }

    private void Handshake(int connection)
    {
        Negotiate(connection);
        Authenticate(connection);
    }

    private static int Negotiate(int connection) => connection * 31 + 7;

    private bool Authenticate(int connection) => _user.Length > 0 && connection >= 0;

    private void Apply(string migration) => _migrations.Add(migration);
}
