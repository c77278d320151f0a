using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;

namespace Tests.Reporter;

/// <summary>
/// Mutated and truncated traces, made in memory from real-shaped traces (several threads, nested and recursive
/// calls, multi-chunk threads, a multi-slot metadata chunk, unknown ids, incomplete writes), go through the
/// reader, the tree, every view and every renderer: each must end in a report or a clean
/// <see cref="TraceFormatException"/>, never another exception, and none may hang (a watchdog bounds each case).
/// </summary>
public class FuzzTests : ReporterTestBase
{
    private const int Cases = 100_000;
    private static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(10);

    [Test]
    public void Mutated_and_truncated_traces_end_in_a_report_or_a_clean_error()
    {
        var seeds = Seeds();
        var workers = Math.Max(2, Environment.ProcessorCount);
        var started = new long[workers];
        var current = new string[workers];
        var failures = new List<string>();
        var outcomes = new long[2];
        var next = -1;
        var threads = Enumerable.Range(0, workers).Select(w => new Thread(() =>
        {
            var random = new Random(1000 + w);
            var copies = seeds.Select(s => (byte[])s.Clone()).ToArray();
            for (var i = Interlocked.Increment(ref next); i < Cases && failures.Count == 0; i = Interlocked.Increment(ref next))
            {
                var seed = random.Next(copies.Length);
                var bytes = copies[seed];
                var undo = new List<(int Offset, byte Value)>();
                var (length, what) = Mutate(bytes, seeds[seed], random, undo);
                current[w] = $"case {i}: seed {seed}, {what}";
                Volatile.Write(ref started[w], Stopwatch.GetTimestamp());
                try
                {
                    Interlocked.Increment(ref outcomes[Check(new ReadOnlyMemory<byte>(bytes, 0, length)) ? 0 : 1]);
                }
                catch (Exception e)
                {
                    lock (failures)
                    {
                        failures.Add($"{current[w]}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                    }
                }

                Volatile.Write(ref started[w], 0);
                for (var u = undo.Count - 1; u >= 0; u--)
                {
                    bytes[undo[u].Offset] = undo[u].Value;
                }
            }
        }) { IsBackground = true, Name = "fuzz " + w }).ToList();

        threads.ForEach(t => t.Start());
        while (threads.Any(t => t.IsAlive))
        {
            Thread.Sleep(100);
            for (var w = 0; w < workers; w++)
            {
                var since = Volatile.Read(ref started[w]);
                if (since != 0 && Stopwatch.GetElapsedTime(since) > CaseLimit)
                {
                    Assert.Fail($"hang: {current[w]} ran longer than {CaseLimit.TotalSeconds}s");
                }
            }
        }

        failures.ShouldBeEmpty();
        (outcomes[0] + outcomes[1]).ShouldBe(Cases);
        TestContext.Out.WriteLine($"{outcomes[0]} reported, {outcomes[1]} refused with a clean error");
        outcomes[0].ShouldBeGreaterThan(Cases / 10);
        outcomes[1].ShouldBeGreaterThan(Cases / 10);
    }

    /// <summary>Reads, builds, views and renders one trace; true when it reported, false on a clean refusal.</summary>
    private static bool Check(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            using var file = TraceFile.Open(bytes, "fuzz");
            var tree = CallTree.Build(file);
            TreeRenderer.Render(tree, TextWriter.Null);
            FoldedRenderer.Render(tree, TextWriter.Null);
            JsonRenderer.Render(tree, TextWriter.Null);
            TopRenderer.Render(FlatProfile.Of(tree), 10, TextWriter.Null);
            HtmlRenderer.Render(tree, file, Stream.Null);
            TreeRenderer.Render(TreeViews.Prune(tree, 2, 10), TextWriter.Null);
            if (tree.Roots.Count > 0)
            {
                var deepest = tree.Roots[0];
                while (deepest.Children.Count > 0)
                {
                    deepest = deepest.Children[^1];
                }

                var matcher = FunctionMatcher.Find(deepest.Function.FullName, FunctionMatcher.FunctionsIn(tree))!;
                FoldedRenderer.Render(TreeViews.Focus(tree, matcher), TextWriter.Null);
                TreeRenderer.Render(TreeViews.Callers(tree, matcher), TextWriter.Null);
            }

            ChromeRenderer.Render(file, Stream.Null, new ChromeOptions { MaxDepth = 3 });
            SpeedscopeRenderer.Render(file, Stream.Null);
            foreach (var thread in file.Threads)
            {
                foreach (var _ in file.ReadEvents(thread))
                {
                }
            }

            return true;
        }
        catch (TraceFormatException e)
        {
            e.Message.ShouldNotContain("\n");
            return false;
        }
    }

    /// <summary>Applies one random mutation to <paramref name="bytes"/> (recording what it overwrote); returns the length to read.</summary>
    private static (int Length, string What) Mutate(byte[] bytes, byte[] original, Random random, List<(int, byte)> undo)
    {
        void Set(int offset, byte value)
        {
            if (offset >= 0 && offset < bytes.Length)
            {
                undo.Add((offset, bytes[offset]));
                bytes[offset] = value;
            }
        }

        void SetValue(int offset, long value, int size)
        {
            for (var b = 0; b < size; b++)
            {
                Set(offset + b, (byte)(value >> (8 * b)));
            }
        }

        var chunkSize = (int)BinaryPrimitives.ReadUInt32LittleEndian(original.AsSpan(16));
        var slots = (original.Length - TraceFileBuilder.HeaderSize) / chunkSize;
        int Interesting()
        {
            // A header field, a chunk header field, the first metadata records, or anywhere.
            switch (random.Next(4))
            {
                case 0: return random.Next(88);
                case 1: return TraceFileBuilder.HeaderSize + (random.Next(slots) * chunkSize) + random.Next(32);
                case 2: return TraceFileBuilder.HeaderSize + 32 + random.Next(256);
                default: return random.Next(original.Length);
            }
        }

        long[] values = { 0, 1, 2, 3, 7, 8, 255, 4096, 65536, -1, int.MaxValue, int.MinValue, uint.MaxValue, long.MaxValue, long.MinValue, 1L << 24, (1L << 24) - 1, 1L << 38 };
        switch (random.Next(6))
        {
            case 0:
            {
                // Truncate: anywhere, or right around a structure boundary.
                var length = random.Next(2) == 0
                    ? random.Next(bytes.Length + 1)
                    : Math.Clamp(TraceFileBuilder.HeaderSize + (random.Next(slots + 1) * chunkSize) + random.Next(-40, 41), 0, bytes.Length);
                return (length, $"truncated to {length}");
            }

            case 1:
            {
                var count = 1 + random.Next(8);
                for (var k = 0; k < count; k++)
                {
                    Set(Interesting(), (byte)random.Next(256));
                }

                return (bytes.Length, $"{count} random bytes");
            }

            case 2:
            {
                var offset = Interesting() & ~3;
                var value = values[random.Next(values.Length)];
                var size = random.Next(2) == 0 ? 4 : 8;
                SetValue(offset, value, size);
                return (bytes.Length, $"{size}-byte {value} at {offset}");
            }

            case 3:
            {
                // An event word with a random kind, id and delta.
                var offset = TraceFileBuilder.HeaderSize + (random.Next(slots) * chunkSize) + 32 + (random.Next((chunkSize - 32) / 8) * 8);
                var word = (ulong)(uint)random.Next(4) | ((ulong)(uint)random.Next(1 << 24) << 2) | ((ulong)random.NextInt64(1L << 38) << 26);
                SetValue(offset, (long)word, 8);
                return (bytes.Length, $"event word {word:X16} at {offset}");
            }

            case 4:
            {
                // A chunk copied over another: duplicate sequences, wrong threads, metadata twice.
                var from = TraceFileBuilder.HeaderSize + (random.Next(slots) * chunkSize);
                var to = TraceFileBuilder.HeaderSize + (random.Next(slots) * chunkSize);
                for (var b = 0; b < chunkSize; b++)
                {
                    Set(to + b, original[from + b]);
                }

                return (bytes.Length, $"chunk at {from} copied to {to}");
            }

            default:
            {
                // Several mutations and a cut.
                for (var k = 0; k < 3; k++)
                {
                    SetValue(Interesting(), values[random.Next(values.Length)], 1 + random.Next(8));
                }

                var length = bytes.Length - random.Next(Math.Min(bytes.Length, 3 * chunkSize));
                return (length, $"3 values and truncated to {length}");
            }
        }
    }

    /// <summary>Traces shaped like real ones, each different.</summary>
    private static List<byte[]> Seeds()
    {
        var seeds = new List<byte[]>();

        // A server start-up: one thread, nested loops over several chunks.
        var server = NewTrace();
        server.EventsPerChunk = 40;
        var main = server.Thread(0, 1, "Main").Enter(ServerStart, 0);
        for (var init = 0; init < 12; init++)
        {
            main.Enter(RouterInit, (init * 1000) + 1);
            for (var add = 0; add < 8; add++)
            {
                main.Call(RouterAdd, (init * 1000) + (add * 100) + 2, (init * 1000) + (add * 100) + 50);
            }

            main.Exit(RouterInit, (init * 1000) + 900);
        }

        main.Call(DbConnect, 20_000, 30_000).Exit(ServerStart, 40_000);
        seeds.Add(server.Build());

        // Several threads, recursion, unknown ids, a big table (multi-slot metadata chunk), an incomplete writer.
        var busy = NewTrace();
        var names = Enumerable.Range(0, 300).Select(i => ("Gen.Space", $"Type{i % 17}.Method{i}WithAFairlyLongName")).ToArray();
        busy.Module("Gen", 100, names);
        busy.Complete = false;
        busy.DroppedEvents = 3;
        busy.EventsPerChunk = 30;
        var random = new Random(5);
        for (var t = 0; t < 4; t++)
        {
            var thread = busy.Thread(t, 10 + t, t == 0 ? "Main" : ".NET TP Worker", threadPool: t > 0);
            long at = 0;
            var depth = 0;
            var open = new Stack<int>();
            for (var i = 0; i < 100; i++)
            {
                at += 1 + random.Next(50);
                if (open.Count > 0 && (random.Next(3) == 0 || open.Count > 12))
                {
                    thread.Exit(open.Pop(), at);
                }
                else
                {
                    var id = random.Next(10) == 0 ? 50_000 + random.Next(5) : 100 + random.Next(40);
                    open.Push(id);
                    thread.Enter(id, at);
                }

                depth = open.Count;
            }

            _ = depth;
        }

        busy.Events(9).Call(ServerStart, 5, 10);
        seeds.Add(busy.Build());

        // A complete trace with trailing zero slots (preallocated) and calls left open.
        var open1 = NewTrace();
        open1.TrailingZeroSlots = 2;
        open1.Thread(0, 1).Enter(ProgramMain, 0).Enter(ServerStart, 10).Call(DbConnect, 20, 30).Enter(RouterInit, 40);
        open1.Thread(1, 2).Enter(RouterInit, 0).Enter(RouterInit, 5).Exit(RouterInit, 9).Exit(RouterAdd, 10);
        open1.EndAt = 100;
        seeds.Add(open1.Build());
        return seeds;
    }
}
