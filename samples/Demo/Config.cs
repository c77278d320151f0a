using System;
using System.Collections.Generic;
using System.Globalization;

namespace Demo;

/// <summary>Parses an embedded configuration text with many small methods.</summary>
public sealed class Config
{
    private const string Embedded = """
        # demo service configuration
        service.name = "demo"
        service.port = 8080
        service.env  = staging
        service.version = "1.4.2"

        # database
        db.host = localhost
        db.port = 5432
        db.user = "demo"
        db.pool = 16

        # cache and api
        cache.size = 20000
        cache.ttl  = 300   # seconds
        api.resources = users, orders, products, invoices, customers, payments, shipments, carts, reviews, coupons, stores, employees, suppliers, warehouses, returns, refunds, tickets, messages, sessions, tokens, roles, permissions, audits, reports, webhooks, events, jobs, schedules, files, images, videos, comments, tags, categories, brands, regions, currencies, taxes, discounts, subscriptions
        metrics.interval = 20
        """;

    private readonly Dictionary<string, string> _values;

    private Config()
    {
        _values = new Dictionary<string, string>(StringComparer.Ordinal);
    }

    public int Count => _values.Count;

    public static Config Load()
    {
        var config = new Config();
        foreach (string line in SplitLines(Embedded)) config.ParseLine(line);
        return config;
    }

    public string Get(string key)
    {
        if (!_values.TryGetValue(NormalizeKey(key), out string? value)) throw new KeyNotFoundException("missing config key " + key);
        return value;
    }

    public int GetInt(string key) => int.Parse(Get(key), NumberStyles.Integer, CultureInfo.InvariantCulture);

    public string[] GetList(string key)
    {
        string[] parts = Get(key).Split(',');
        for (int i = 0; i < parts.Length; i++) parts[i] = parts[i].Trim();
        return parts;
    }

    private static IEnumerable<string> SplitLines(string text)
    {
        int start = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == '\n')
            {
                yield return text.Substring(start, i - start).TrimEnd('\r');
                start = i + 1;
            }
        }
    }

    private void ParseLine(string raw)
    {
        string line = StripComment(raw);
        if (IsBlank(line)) return;
        (string key, string value) = SplitPair(line);
        _values[NormalizeKey(key)] = Unquote(value);
    }

    private static string StripComment(string line)
    {
        int hash = line.IndexOf('#');
        return hash < 0 ? line : line.Substring(0, hash);
    }

    private static bool IsBlank(string line) => line.Trim().Length == 0;

    private static (string Key, string Value) SplitPair(string line)
    {
        int eq = line.IndexOf('=');
        if (eq < 0) throw new FormatException("expected key = value: " + line);
        return (line.Substring(0, eq).Trim(), line.Substring(eq + 1).Trim());
    }

    private static string NormalizeKey(string key) => key.ToLowerInvariant();

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && value[0] == '"' && value[value.Length - 1] == '"') return value.Substring(1, value.Length - 2);
        return value;
    }
}
