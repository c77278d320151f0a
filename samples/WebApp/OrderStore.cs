using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace WebApp;

/// <summary>Orders from a simulated database, with a small cache in front of it.</summary>
public sealed class OrderStore
{
    private readonly ConcurrentDictionary<int, Order> _cache = new();

    public async Task<Order> LoadAsync(int id)
    {
        if (_cache.TryGetValue(id, out var cached))
        {
            return cached;
        }

        var rows = await QueryAsync(id);
        var order = Parse(id, rows);
        if (id % 4 == 0)
        {
            _cache[id] = order;
        }

        return order;
    }

    /// <summary>
    /// The database round trip: 2 ms, most orders a little more, every tenth a slow 20 ms query and every
    /// fiftieth 45 ms, so that latencies have a tail.
    /// </summary>
    private static async Task<List<string>> QueryAsync(int id)
    {
        var milliseconds = id % 50 == 0 ? 45 : id % 10 == 0 ? 20 : 2 + (id % 3);
        await Task.Delay(milliseconds);
        var rows = new List<string>();
        for (var line = 0; line < 3 + (id % 17); line++)
        {
            rows.Add($"{id},{line},sku-{(id * 31 + line) % 97},{1 + (line % 4)}");
        }

        return rows;
    }

    private static Order Parse(int id, List<string> rows)
    {
        var lines = new List<OrderLine>();
        foreach (var row in rows)
        {
            lines.Add(ParseLine(row));
        }

        return new Order(id, "customer-" + (id % 23), lines);
    }

    private static OrderLine ParseLine(string row)
    {
        var fields = row.Split(',');
        return new OrderLine(fields[2], int.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture));
    }
}

public sealed record Order(int Id, string Customer, List<OrderLine> Lines);

public sealed record OrderLine(string Sku, int Quantity);
