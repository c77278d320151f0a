using System.Collections.Generic;

namespace Demo;

/// <summary>An in-memory cache warmed with tens of thousands of small calls.</summary>
public sealed class Cache
{
    private readonly Dictionary<string, Entry> _entries;

    public Cache()
    {
        _entries = new Dictionary<string, Entry>(System.StringComparer.Ordinal);
    }

    public int Count => _entries.Count;

    public void Warm(int count)
    {
        for (int i = 0; i < count; i++)
        {
            string key = MakeKey(i);
            Put(key, Compute(key));
        }
    }

    public bool TryGet(string key, out long value)
    {
        if (_entries.TryGetValue(key, out Entry entry))
        {
            value = entry.Value;
            return true;
        }
        value = 0;
        return false;
    }

    /// <summary>CPU work run through Task.Run at start-up.</summary>
    public long Checksum()
    {
        long sum = 0;
        for (int i = 0; i < _entries.Count; i += 4)
        {
            if (TryGet(MakeKey(i), out long value)) sum += value;
        }
        return sum;
    }

    private static string MakeKey(int i) => "user:" + i;

    private static long Compute(string key) => Hash.Fnv1a(key) % 1000;

    private void Put(string key, long value) => _entries[key] = new Entry(value, Generation());

    private static int Generation() => 1;

    private readonly struct Entry
    {
        public Entry(long value, int generation)
        {
            Value = value;
            Generation = generation;
        }

        public long Value { get; }

        public int Generation { get; }
    }
}

public static class Hash
{
    /// <summary>FNV-1a over UTF-16 code units: stable across processes (unlike string.GetHashCode).</summary>
    public static uint Fnv1a(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash ^= c;
            hash *= 16777619;
        }
        return hash;
    }
}
