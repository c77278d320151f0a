using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace GoTrace.Benchmarks;

/// <summary>
/// Writes a synthetic trace in the real format (docs/trace-format.md, version 1), streaming: a program of a few
/// thousand functions with Demo-like names, a layered call graph (wide near the top, chains further down, some
/// recursion), several threads whose 64 KiB chunks interleave in the file the way the runtime's do, and a
/// 1 GHz clock with 20-80 ns between events. Deterministic for a given seed.
/// </summary>
public static class ReporterSyntheticTrace
{
    public const int HeaderSize = 4096;
    public const int ChunkSize = 64 * 1024;
    private const int ChunkHeaderSize = 32;
    private const int EventsPerChunk = (ChunkSize - ChunkHeaderSize) / 8;
    private const long StartTicks = 1_000_000_000;

    private static readonly string[] Namespaces = { "Shop", "Shop.Web", "Shop.Data", "Shop.Orders", "Shop.Billing", "Shop.Catalog", "Shop.Infra", "Shop.Auth" };
    private static readonly string[] Nouns = { "Order", "Invoice", "Customer", "Product", "Cart", "Payment", "Stock", "Price", "Route", "Session", "Config", "Cache", "Db", "Token", "Report", "Tax", "Mail", "User" };
    private static readonly string[] Suffixes = { "", "Service", "Repo", "Handler", "Mapper", "Client", "Store", "Builder" };
    private static readonly string[] Verbs = { "Get", "Load", "Save", "Find", "Check", "Apply", "Map", "Parse", "Send", "Read", "Match", "Build", "Add", "Open" };
    private static readonly string[] Objects = { "", "ById", "All", "Items", "Line", "Rules", "Async", "Key", "Total" };

    /// <summary>Writes about <paramref name="events"/> events (a little more: every thread ends balanced); returns the exact count.</summary>
    public static long Write(string path, long events, int functions = 3000, int seed = 1)
    {
        var random = new Random(seed);
        var names = MakeNames(functions, random);
        var graph = new CallGraph(functions, random);

        // Six threads with uneven shares, like a main thread and a few workers.
        var shares = new[] { 25, 20, 15, 15, 15, 10 };
        var threads = new List<ThreadWriter>();
        for (var i = 0; i < shares.Length; i++)
        {
            threads.Add(new ThreadWriter(i, graph, new Random(seed * 100 + i), events * shares[i] / 100));
        }

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
        file.Write(new byte[HeaderSize]);
        long slots = 0;
        foreach (var meta in MetadataChunks(names, threads))
        {
            file.Write(meta);
            slots += meta.Length / ChunkSize; // a large metadata chunk spans several slots
        }

        // Round-robin: a chunk of each thread in turn, so their slots interleave like a real run's.
        var chunk = new byte[ChunkSize];
        long written = 0;
        long lastTicks = StartTicks;
        var active = true;
        while (active)
        {
            active = false;
            foreach (var thread in threads)
            {
                if (thread.Fill(chunk, out var count))
                {
                    file.Write(chunk);
                    slots++;
                    written += count;
                    active = true;
                    lastTicks = Math.Max(lastTicks, thread.Ticks);
                }
            }
        }

        var header = new byte[HeaderSize];
        "GOTRACE\0"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), HeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), ChunkSize);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), 1);
        BinaryPrimitives.WriteDoubleLittleEndian(header.AsSpan(24), 1e9);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(32), StartTicks);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(40), 1_700_000_000_000_000_000);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(48), 4242);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(56), slots);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(72), written);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(80), lastTicks + 1000);
        file.Position = 0;
        file.Write(header);
        return written;
    }

    private static (string Namespace, string Name)[] MakeNames(int count, Random random)
    {
        var names = new (string, string)[count];
        var used = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            string ns, name;
            do
            {
                ns = Namespaces[random.Next(Namespaces.Length)];
                var type = Nouns[random.Next(Nouns.Length)] + Suffixes[random.Next(Suffixes.Length)];
                var member = random.Next(12) == 0 ? ".ctor" : Verbs[random.Next(Verbs.Length)] + Objects[random.Next(Objects.Length)];
                name = type + "." + member;
            }
            while (!used.Add(ns + "." + name));

            names[i] = (ns, name);
        }

        names[0] = ("Shop", "Program.Main");
        return names;
    }

    private static IEnumerable<byte[]> MetadataChunks((string Namespace, string Name)[] names, List<ThreadWriter> threads)
    {
        var records = new List<byte[]>();
        records.Add(Record(1, w =>
        {
            WriteString(w, "Shop");
            WriteString(w, "dotnet Shop.dll --serve");
            WriteString(w, ".NET 10.0.0");
            WriteString(w, "stopwatch");
        }));
        var table = new StringBuilder();
        for (var i = 0; i < names.Length; i++)
        {
            table.Append(names[i].Namespace).Append('\t').Append(names[i].Name).Append("\t/src/Shop/")
                .Append(names[i].Name.Split('.')[0]).Append(".cs\t").Append(10 + (i % 400));
            if (i < names.Length - 1)
            {
                table.Append('\n');
            }
        }

        records.Add(Record(2, w =>
        {
            w.Write(0);
            w.Write(names.Length);
            WriteString(w, "Shop");
            WriteString(w, table.ToString());
        }));
        foreach (var thread in threads)
        {
            records.Add(Record(3, w =>
            {
                w.Write(thread.Index);
                w.Write(thread.Index == 0 ? 1 : 4 + thread.Index);
                w.Write(1000 + thread.Index);
                w.Write(thread.Index == 0 ? 0 : 3);
                WriteString(w, thread.Index == 0 ? "Main" : thread.Index == 5 ? "Metrics" : ".NET TP Worker");
            }));
        }

        var chunk = new MemoryStream();
        uint sequence = 0;
        foreach (var record in records)
        {
            if (chunk.Length == 0 || chunk.Length + record.Length > ChunkSize)
            {
                if (chunk.Length > 0)
                {
                    yield return Pad(chunk);
                }

                var slots = (ChunkHeaderSize + record.Length + ChunkSize - 1) / ChunkSize;
                chunk = new MemoryStream();
                var header = new byte[ChunkHeaderSize];
                BinaryPrimitives.WriteUInt32LittleEndian(header, 0x4154454D);
                BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), sequence++);
                BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), (uint)slots);
                chunk.Write(header);
            }

            chunk.Write(record);
        }

        yield return Pad(chunk);
    }

    private static byte[] Pad(MemoryStream chunk)
    {
        var slots = (chunk.Length + ChunkSize - 1) / ChunkSize;
        var bytes = new byte[slots * ChunkSize];
        chunk.ToArray().CopyTo(bytes, 0);
        return bytes;
    }

    private static byte[] Record(ushort type, Action<BinaryWriter> write)
    {
        var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            write(w);
        }

        var length = (int)payload.Length;
        var record = new byte[8 + ((length + 7) & ~7)];
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(4), type);
        payload.ToArray().CopyTo(record, 8);
        return record;
    }

    private static void WriteString(BinaryWriter w, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        w.Write(bytes.Length);
        w.Write(bytes);
    }

    /// <summary>Who calls whom: functions in levels, each calling a few of the next levels; wide at the top, chains below.</summary>
    private sealed class CallGraph
    {
        public const int Levels = 16;

        public CallGraph(int functions, Random random)
        {
            Callees = new int[functions][];
            Recursive = new bool[functions];
            var level = new int[functions];
            var byLevel = new List<int>[Levels];
            for (var l = 0; l < Levels; l++)
            {
                byLevel[l] = new List<int>();
            }

            for (var f = 0; f < functions; f++)
            {
                // Few functions high up, many further down.
                level[f] = f == 0 ? 0 : Math.Min(Levels - 1, 1 + (int)(Math.Sqrt(random.NextDouble()) * (Levels - 1)));
                byLevel[level[f]].Add(f);
            }

            for (var f = 0; f < functions; f++)
            {
                var l = level[f];
                var width = f == 0 ? 12 : l < 3 ? 5 : l < 8 ? 3 : l < Levels - 1 ? 1 : 0;
                var callees = new List<int>();
                for (var c = 0; c < width; c++)
                {
                    var target = Math.Min(Levels - 1, l + 1 + random.Next(2));
                    if (byLevel[target].Count > 0)
                    {
                        callees.Add(byLevel[target][random.Next(byLevel[target].Count)]);
                    }
                }

                Callees[f] = callees.ToArray();
                Recursive[f] = l > 4 && random.Next(40) == 0;
            }
        }

        public int[][] Callees { get; }

        public bool[] Recursive { get; }
    }

    /// <summary>One thread's endless walk of the call graph, handing out a chunk of events at a time.</summary>
    private sealed class ThreadWriter
    {
        private readonly CallGraph _graph;
        private readonly Random _random;
        private readonly long _target;
        private readonly List<(int Function, int Next, int Recursion)> _stack = new();
        private uint _sequence;
        private long _written;
        private bool _done;

        public ThreadWriter(int index, CallGraph graph, Random random, long target)
        {
            Index = index;
            _graph = graph;
            _random = random;
            _target = target;
            Ticks = StartTicks + (index * 1000);
        }

        public int Index { get; }

        public long Ticks { get; private set; }

        /// <summary>Fills the next chunk; false when the thread has nothing more to write.</summary>
        public bool Fill(byte[] chunk, out int count)
        {
            count = 0;
            if (_done)
            {
                return false;
            }

            Array.Clear(chunk);
            var baseTicks = Ticks;
            BinaryPrimitives.WriteUInt32LittleEndian(chunk, 0x4B4E4843);
            BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)Index);
            BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(8), _sequence++);
            BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(12), 1);
            BinaryPrimitives.WriteInt64LittleEndian(chunk.AsSpan(16), baseTicks);
            var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(chunk.AsSpan(ChunkHeaderSize));
            while (count < EventsPerChunk)
            {
                var stopping = _written >= _target;
                if (stopping && _stack.Count == 0)
                {
                    _done = true;
                    break;
                }

                Ticks += 20 + _random.Next(61);
                int function;
                ulong kind;
                if (_stack.Count == 0)
                {
                    // A new outermost call: Main on the main thread, else one of a few entry points.
                    function = Index == 0 ? 0 : _graph.Callees[0][(Index * 2) + _random.Next(2)];
                    _stack.Add((function, 0, 0));
                    kind = 1;
                }
                else
                {
                    var (current, next, recursion) = _stack[^1];
                    var callees = _graph.Callees[current];
                    if (!stopping && _graph.Recursive[current] && recursion < 4 && _random.Next(3) == 0)
                    {
                        function = current;
                        _stack[^1] = (current, next, recursion);
                        _stack.Add((current, 0, recursion + 1));
                        kind = 1;
                    }
                    else if (!stopping && next < callees.Length * 2)
                    {
                        // Each callee gets two chances to be called: loops call some twice, branches skip some.
                        _stack[^1] = (current, next + 1, recursion);
                        if (_random.Next(3) == 0)
                        {
                            continue;
                        }

                        function = callees[next % callees.Length];
                        _stack.Add((function, 0, 0));
                        kind = 1;
                    }
                    else
                    {
                        function = current;
                        _stack.RemoveAt(_stack.Count - 1);
                        kind = 2;
                    }
                }

                words[count++] = kind | ((ulong)function << 2) | ((ulong)(Ticks - baseTicks) << 26);
                _written++;
            }

            return count > 0;
        }
    }
}
