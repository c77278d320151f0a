using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using GoTrace.Reporter;
using GoTrace.Reporter.Live;
using NUnit.Framework;
using Shouldly;

namespace Tests.Reporter;

/// <summary>
/// <see cref="LiveTrace"/> on a trace file that grows between polls, as a running program's does: each poll reads
/// only what is new, calls that ended in between make the frame, async calls are followed across threads, and a
/// chunk that ring mode reused before it was read is a gap, not an error.
/// </summary>
public sealed class LiveTraceTests : ReporterTestBase
{
    private const int Handler = ServerStart;
    private const int Query = DbConnect;

    [Test]
    public void A_poll_reads_what_was_written_since_the_last_one()
    {
        // Ten requests of 1 ms on thread 1; the file first holds the first four of them (and the fifth's enter).
        var (builder, main) = Live();
        main.Enter(ProgramMain, 0);
        for (var i = 0; i < 10; i++)
        {
            var at = 1_000_000L * (i + 1) * 2;
            main.Enter(Handler, at).Call(Query, at + 100, at + 500_000).Exit(Handler, at + 1_000_000 + (i * 1000));
        }

        var path = Path.Combine(Directory, "live.gotrace");
        var full = builder.Build();
        File.WriteAllBytes(path, Cut(full, builder, keepEvents: 1 + (4 * 4) + 1));
        var live = new LiveTrace(path);

        live.Poll(out var problem).ShouldBeNull(); // where to start
        problem.ShouldBeNull();
        File.WriteAllBytes(path, full);
        var frame = live.Poll(out problem).ShouldNotBeNull();

        var handler = frame.Functions.Single(f => f.Name == "Server.Start");
        handler.Calls.ShouldBe(6);
        handler.Durations!.Max.ShouldBe(1_009_000);
        handler.Durations.Min.ShouldBe(1_004_000);
        frame.Functions.Single(f => f.Name == "Db.Connect").Calls.ShouldBe(6);
        frame.Functions.Single(f => f.Name == "Program.Main").Calls.ShouldBe(0); // still running: time, no ended call
        frame.Calls.ShouldBe(12);
        var thread = frame.Threads.ShouldHaveSingleItem();
        (thread.Label, thread.Calls, thread.Now).ShouldBe(("main (thread 1)", 12L, "Program.Main"));

        // Nothing new: no calls, and the frame says so.
        var quiet = live.Poll(out _).ShouldNotBeNull();
        quiet.Calls.ShouldBe(0);
        string.Join("\n", LiveRenderer.Lines(quiet, string.Empty, 40, false)).ShouldContain("Program.Main");
    }

    [Test]
    public void Counted_calls_are_calls_with_no_time()
    {
        var (builder, main) = Live();
        builder.Version = 2;
        main.Enter(ProgramMain, 0).Count(RouterAdd, 1_000).Call(Handler, 100, 200).Count(RouterAdd, 5).Count(RouterInit, 2);
        var path = Path.Combine(Directory, "live.gotrace");
        var full = builder.Build();
        File.WriteAllBytes(path, Cut(full, builder, keepEvents: 1));
        var live = new LiveTrace(path);
        live.Poll(out _).ShouldBeNull();
        File.WriteAllBytes(path, full);

        var frame = live.Poll(out var problem).ShouldNotBeNull();

        problem.ShouldBeNull();
        var add = frame.Functions.Single(f => f.Name == "Router.Add");
        (add.Calls, add.TimeTicks, add.Durations).ShouldBe((1_005L, 0L, (DurationSketch?)null));
        frame.Functions.Single(f => f.Name == "Server.Start").Calls.ShouldBe(1);
        frame.Calls.ShouldBe(1_008);
        string.Join("\n", LiveRenderer.Lines(frame, string.Empty, 40, false)).ShouldContain("Router.Add");
    }

    [Test]
    public void An_async_call_lasts_until_its_task_completes_on_another_thread()
    {
        var (builder, main) = Live();
        var pool = builder.Thread(1, 7, ".NET TP Worker", threadPool: true);
        main.Enter(ProgramMain, 0);
        main.WorkEvent(WorkWhat.AsyncCall, 0x10, 100, Handler).WorkEvent(WorkWhat.Begin, 0x10, 101).Enter(Handler, 102);
        main.Exit(Handler, 200).WorkEvent(WorkWhat.End, 0x10, 201);
        pool.WorkEvent(WorkWhat.Begin, 0x10, 3_000_000).Enter(Handler, 3_000_001).Call(Query, 3_000_002, 3_000_900);
        pool.WorkEvent(WorkWhat.AsyncComplete, 0x10, 3_001_000).Exit(Handler, 3_001_001).WorkEvent(WorkWhat.End, 0x10, 3_001_002);

        var path = Path.Combine(Directory, "live.gotrace");
        var full = builder.Build();
        File.WriteAllBytes(path, Cut(full, builder, keepEvents: 1000, keepThread1: 0));
        var live = new LiveTrace(path);
        live.Poll(out _).ShouldBeNull();
        File.WriteAllBytes(path, full);

        var frame = live.Poll(out _).ShouldNotBeNull();

        var handler = frame.Functions.Single(f => f.Name == "Server.Start");
        handler.Calls.ShouldBe(1); // its runs of MoveNext are not calls
        handler.Durations!.Max.ShouldBe(3_001_000 - 100);
        frame.Threads.Single(t => t.Label.StartsWith(".NET TP Worker", StringComparison.Ordinal)).Calls.ShouldBe(1); // Db.Connect
    }

    [Test]
    public void A_chunk_reused_before_it_was_read_is_a_gap()
    {
        var (builder, main) = Live();
        builder.EventsPerChunk = 4;
        main.Enter(ProgramMain, 0);
        for (var i = 0; i < 8; i++)
        {
            main.Call(Handler, 1000 + (i * 100), 1050 + (i * 100));
        }

        var path = Path.Combine(Directory, "live.gotrace");
        var full = builder.Build();
        File.WriteAllBytes(path, full);
        var live = new LiveTrace(path);
        live.Poll(out _).ShouldBeNull(); // starts at the last chunk (sequence 4)

        // Ring mode: the thread's chunks are now numbered from 5 on (its old ones were taken over and written again).
        var reused = (byte[])full.Clone();
        foreach (var offset in EventChunkOffsets(reused))
        {
            var sequence = BinaryPrimitives.ReadUInt32LittleEndian(reused.AsSpan(offset + 8));
            BinaryPrimitives.WriteUInt32LittleEndian(reused.AsSpan(offset + 8), sequence + 5);
        }

        File.WriteAllBytes(path, reused);
        var frame = live.Poll(out _).ShouldNotBeNull();

        frame.Gaps.ShouldBe(1);
        frame.Functions.Single(f => f.Name == "Server.Start").Calls.ShouldBe(8);
    }

    [Test]
    public void A_file_that_is_no_trace_yet_is_waited_for()
    {
        var path = Path.Combine(Directory, "empty.gotrace");
        File.WriteAllBytes(path, new byte[4096]);

        new LiveTrace(path).Poll(out var problem).ShouldBeNull();

        problem.ShouldNotBeNull().ShouldContain("not a GoTrace trace file");
    }

    /// <summary>An incomplete trace that started a moment ago (the view's clock is the wall clock).</summary>
    private static (TraceFileBuilder Builder, TraceFileBuilder.ThreadEvents Main) Live()
    {
        var builder = NewTrace();
        builder.Complete = false;
        builder.StartUnixNanos = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1000) * 1_000_000;
        return (builder, builder.Thread(0, 1, "main"));
    }

    /// <summary>The file as it was while being written: thread 0's events after the first <paramref name="keepEvents"/> (thread 1's after <paramref name="keepThread1"/>) not yet there.</summary>
    private static byte[] Cut(byte[] full, TraceFileBuilder builder, int keepEvents, int keepThread1 = int.MaxValue)
    {
        var cut = (byte[])full.Clone();
        var seen = new int[2];
        foreach (var offset in EventChunkOffsets(cut))
        {
            var thread = (int)BinaryPrimitives.ReadUInt32LittleEndian(cut.AsSpan(offset + 4));
            var keep = thread == 0 ? keepEvents : keepThread1;
            for (var word = offset + 32; word < offset + builder.ChunkSize; word += 8)
            {
                if (seen[thread]++ >= keep)
                {
                    cut.AsSpan(word, 8).Clear();
                }
            }
        }

        return cut;
    }

    private static int[] EventChunkOffsets(byte[] file)
    {
        var chunkSize = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(16));
        return Enumerable.Range(0, (file.Length - TraceFileBuilder.HeaderSize) / chunkSize)
            .Select(slot => TraceFileBuilder.HeaderSize + (slot * chunkSize))
            .Where(offset => BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset)) == 0x4B4E4843)
            .ToArray();
    }
}
