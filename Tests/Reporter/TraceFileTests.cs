using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Support;

namespace Tests.Reporter;

public class TraceFileTests : ReporterTestBase
{
    [Test]
    public void Reads_the_header_and_process_record()
    {
        var builder = NewTrace();
        builder.Thread(0, 1, "Main").Call(ServerStart, 100, 200);
        builder.EndAt = 1000;
        builder.DroppedEvents = 3;

        using var file = Open(builder);

        file.Version.ShouldBe(1);
        file.ChunkSize.ShouldBe(4096);
        file.HeaderSize.ShouldBe(4096);
        file.ClockFrequency.ShouldBe(1e9);
        file.StartTicks.ShouldBe(5_000_000);
        file.StartUnixNanos.ShouldBe(1_700_000_000_000_000_000);
        file.ProcessId.ShouldBe(4242);
        file.IsComplete.ShouldBeTrue();
        file.DroppedEvents.ShouldBe(3);
        file.EventsWritten.ShouldBe(2);
        file.EndTicks.ShouldBe(5_001_000);
        file.ProcessName.ShouldBe("app");
        file.CommandLine.ShouldBe("app --serve");
        file.RuntimeDescription.ShouldBe(".NET 10.0.0");
        file.ClockName.ShouldBe("stopwatch");
        file.TicksToSeconds(2_500_000_000).ShouldBe(2.5);
    }

    [Test]
    public void Reads_the_function_table()
    {
        using var file = Open(NewTrace());

        var connect = file.Functions[DbConnect];
        connect.Id.ShouldBe(DbConnect);
        connect.Namespace.ShouldBe("App.Data");
        connect.Name.ShouldBe("Db.Connect");
        connect.FullName.ShouldBe("App.Data.Db.Connect");
        connect.File.ShouldBe("/src/Db.cs");
        connect.Line.ShouldBe(11);
        connect.AssemblyName.ShouldBe("App");
        connect.IsKnown.ShouldBeTrue();
        file.Functions.Count.ShouldBe(6);
        file.Functions.KnownCount.ShouldBe(5);
    }

    [Test]
    public void Unknown_function_ids_give_a_placeholder()
    {
        using var file = Open(NewTrace());

        file.Functions[1234].FullName.ShouldBe("<unknown function 1234>");
        file.Functions[1234].IsKnown.ShouldBeFalse();
        file.Functions[0].Name.ShouldBe("<unknown function 0>");
    }

    [Test]
    public void Function_without_namespace_is_named_by_its_name_alone()
    {
        var builder = new TraceFileBuilder().ModuleTable("Script", 0, 2, "\tProgram.Main\t\t0\n\tProgram.<Main>$\t/src/p.cs\t3");

        using var file = Open(builder);

        file.Functions[0].FullName.ShouldBe("Program.Main");
        file.Functions[0].File.ShouldBe(string.Empty);
        file.Functions[1].Line.ShouldBe(3);
    }

    [Test]
    public void Reads_thread_records()
    {
        var builder = NewTrace();
        builder.Thread(0, 1, "Main", osId: 777).Call(ServerStart, 0, 10);
        builder.Thread(3, 12, osId: 778, threadPool: true, background: true).Call(DbConnect, 0, 10);
        builder.Events(5).Call(RouterAdd, 0, 10);

        using var file = Open(builder);

        file.Threads.Select(t => t.ThreadIndex).ShouldBe(new[] { 0, 3, 5 });
        var main = file.Threads[0];
        (main.ManagedThreadId, main.OsThreadId, main.Name, main.IsThreadPool, main.IsBackground).ShouldBe((1, 777, "Main", false, false));
        var pool = file.Threads[1];
        (pool.ManagedThreadId, pool.OsThreadId, pool.Name, pool.IsThreadPool, pool.IsBackground).ShouldBe((12, 778, "", true, true));
        file.Threads[2].IsDescribed.ShouldBeFalse();
    }

    [Test]
    public void Streams_a_threads_events_across_chunks_in_sequence_order()
    {
        var builder = NewTrace();
        builder.EventsPerChunk = 3;
        builder.ReverseChunkOrder = true;
        var main = builder.Thread(0, 1);
        var other = builder.Thread(1, 2);
        for (var i = 0; i < 10; i++)
        {
            main.Call(ServerStart, i * 100, (i * 100) + 50);
            other.Call(DbConnect, i * 10, (i * 10) + 5);
        }

        using var file = Open(builder);

        file.Threads[0].ChunkCount.ShouldBe(7);
        var events = file.ReadEvents(file.Threads[0]).ToList();
        events.Count.ShouldBe(20);
        events.Select(e => e.Kind).Distinct().ShouldBe(new[] { TraceEventKind.Enter, TraceEventKind.Exit });
        events.Select(e => e.Ticks - file.StartTicks).ShouldBe(Enumerable.Range(0, 10).SelectMany(i => new long[] { i * 100, (i * 100) + 50 }));
        events.ShouldAllBe(e => e.FunctionId == ServerStart);
        file.ReadEvents(file.Threads[1]).Count().ShouldBe(20);
    }

    [Test]
    public void Event_ticks_are_absolute_with_the_full_38_bit_delta()
    {
        var builder = NewTrace();
        var delta = (1L << 38) - 1;
        builder.Thread(0, 1).Enter(ServerStart, 0).Raw(2UL | ((ulong)ServerStart << 2) | ((ulong)delta << 26), 0);

        using var file = Open(builder);

        var events = file.ReadEvents(file.Threads[0]).ToList();
        events[1].Kind.ShouldBe(TraceEventKind.Exit);
        events[1].FunctionId.ShouldBe(ServerStart);
        events[1].Ticks.ShouldBe(file.StartTicks + delta);
    }

    [Test]
    public void Metadata_record_larger_than_a_slot_uses_a_multi_slot_chunk()
    {
        var functions = Enumerable.Range(0, 300).Select(i => ("Big.Namespace.For.Testing", $"Generated{i}.SomeRatherLongMethodName")).ToArray();
        var builder = NewTrace().Module("Big", 100, functions);
        builder.Thread(0, 1).Call(399, 0, 10).Call(ServerStart, 10, 20);

        var bytes = builder.Build();
        using var file = TraceFile.Open(SaveBytes(bytes));

        file.ChunkSlotsInUse.ShouldBeGreaterThan(3);
        file.Functions[399].Name.ShouldBe("Generated299.SomeRatherLongMethodName");
        file.Functions[ServerStart].Name.ShouldBe("Server.Start");
        file.ReadEvents(file.Threads[0]).Select(e => e.FunctionId).ShouldBe(new[] { 399, 399, ServerStart, ServerStart });
    }

    [Test]
    public void Sparse_file_with_trailing_zero_slots_reads_like_the_trimmed_one()
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Call(ServerStart, 0, 100);
        builder.TrailingZeroSlots = 50;
        builder.Complete = false;

        using var file = Open(builder);

        file.IsComplete.ShouldBeFalse();
        file.Threads.Count.ShouldBe(1);
        file.ReadEvents(file.Threads[0]).Count().ShouldBe(2);
    }

    [Test]
    public void Partial_last_slot_keeps_the_events_present()
    {
        var builder = NewTrace();
        var thread = builder.Thread(0, 1);
        for (var i = 0; i < 100; i++)
        {
            thread.Call(RouterAdd, i * 10, (i * 10) + 5);
        }

        var bytes = builder.Build();

        // The last slot holds the event chunk; keep its header and 37 events.
        var lastSlot = bytes.Length - builder.ChunkSize;
        using var file = TraceFile.Open(SaveBytes(bytes[..(lastSlot + 32 + (37 * 8))]));

        file.ReadEvents(file.Threads[0]).Count().ShouldBe(37);
    }

    [Test]
    public void Partial_last_slot_cut_after_the_data_loses_nothing()
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Call(ServerStart, 0, 100);
        var bytes = builder.Build();

        using var file = TraceFile.Open(SaveBytes(bytes[..(bytes.Length - 1001)]));

        file.ReadEvents(file.Threads[0]).Count().ShouldBe(2);
    }

    [Test]
    public void Incomplete_file_with_unused_chunk_slots_reads()
    {
        var builder = NewTrace();
        builder.Complete = false;
        builder.Thread(0, 1).Enter(ServerStart, 0).Enter(DbConnect, 10);

        using var file = Open(builder);

        file.IsComplete.ShouldBeFalse();
        file.EndTicks.ShouldBe(0);
        file.EventsWritten.ShouldBe(0);
        file.ReadEvents(file.Threads[0]).Count().ShouldBe(2);
    }

    [Test]
    public void Header_only_file_has_no_threads()
    {
        using var file = Open(new TraceFileBuilder());

        file.Threads.ShouldBeEmpty();
        file.Functions.Count.ShouldBe(0);
    }

    [Test]
    public void Can_be_read_while_another_handle_writes_it()
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Call(ServerStart, 0, 100);
        var path = Save(builder);
        using var writer = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);

        using var file = TraceFile.Open(path);

        file.Threads.Count.ShouldBe(1);
    }

    // ---- refusals: each one line, saying what is wrong ----

    [Test]
    public void Empty_file_is_refused()
    {
        Refusal(new byte[0]).ShouldBe("empty file");
    }

    [Test]
    public void Random_bytes_are_refused()
    {
        var random = new System.Random(42);
        var bytes = new byte[3 * 4096];
        random.NextBytes(bytes);

        Refusal(bytes).ShouldBe("not a GoTrace trace file (bad magic)");
    }

    [Test]
    public void Foreign_file_is_refused()
    {
        Refusal("{\"traceEvents\": []}"u8.ToArray()).ShouldBe("not a GoTrace trace file (bad magic)");
    }

    [TestCase(5)]
    [TestCase(10)]
    [TestCase(40)]
    [TestCase(1000)]
    public void Truncated_header_is_refused(int length)
    {
        var bytes = NewTrace().Build();

        Refusal(bytes[..length]).ShouldStartWith("truncated header");
    }

    [Test]
    public void Unknown_version_is_refused_naming_both_versions()
    {
        var builder = NewTrace();
        builder.Version = 7;

        Refusal(builder.Build()).ShouldBe("unsupported trace format version 7 (this reporter reads versions 1 to 2)");
    }

    // ---- cut short (a truncated copy): what is there reads, with a note ----

    [Test]
    public void Truncation_mid_event_keeps_the_events_before_it_and_notes_the_cut()
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Call(ServerStart, 0, 100).Call(DbConnect, 100, 200);
        var bytes = builder.Build();
        var chunk = bytes.Length - builder.ChunkSize;

        using var file = TraceFile.Open(bytes[..(chunk + 32 + 8 + 3)]);

        file.ReadEvents(file.Threads[0]).Count().ShouldBe(1);
        file.ReadNotes.ShouldBe(new[] { $"the file ends inside an event of thread #0 at offset {chunk + 40} (a truncated copy?); that thread's later events are missing" });
    }

    [Test]
    public void Truncation_mid_chunk_header_drops_that_chunk_and_notes_it()
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Call(ServerStart, 0, 100);
        var bytes = builder.Build();
        var chunk = bytes.Length - builder.ChunkSize;

        using var file = TraceFile.Open(bytes[..(chunk + 20)]);

        file.Threads.Count.ShouldBe(1);
        file.Threads[0].ChunkCount.ShouldBe(0);
        file.ReadNotes.ShouldContain($"the file ends inside the chunk header at offset {chunk} (20 of 32 bytes); that chunk is not shown");
    }

    [Test]
    public void Complete_file_missing_chunk_slots_reads_what_is_there_and_notes_it()
    {
        var builder = NewTrace();
        builder.EventsPerChunk = 2;
        builder.Thread(0, 1).Call(ServerStart, 0, 100).Call(DbConnect, 100, 200).Call(RouterAdd, 200, 300);
        var bytes = builder.Build();

        using var file = TraceFile.Open(bytes[..(bytes.Length - builder.ChunkSize)]);

        file.ReadEvents(file.Threads[0]).Count().ShouldBe(4);
        file.ReadNotes.ShouldBe(new[] { "the file is cut short: the header counts 4 chunk slots but the file holds 3 (a truncated copy?); events in the missing part are not shown" });
    }

    [Test]
    public void Metadata_record_cut_by_the_end_of_the_file_keeps_the_records_before_it()
    {
        var builder = NewTrace();
        var bytes = builder.Build();
        var meta = TraceFileBuilder.HeaderSize;

        using var file = TraceFile.Open(bytes[..(meta + 110)]);

        file.ProcessName.ShouldBe("app");
        file.Functions.KnownCount.ShouldBe(0);
        file.ReadNotes.ShouldHaveSingleItem().ShouldStartWith("the file ends inside the metadata record at offset");
    }

    [Test]
    public void Can_be_opened_from_memory()
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Call(ServerStart, 0, 100);

        using var file = TraceFile.Open(builder.Build(), "built");

        file.Path.ShouldBe("built");
        file.ReadEvents(file.Threads[0]).Count().ShouldBe(2);
    }

    [Test]
    public void Metadata_record_running_past_its_chunk_is_refused()
    {
        var builder = NewTrace();
        var bytes = builder.Build();
        var meta = TraceFileBuilder.HeaderSize;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(meta + 32), 100_000);

        Refusal(bytes).ShouldBe($"corrupt chunk at offset {meta}: metadata record at offset {meta + 32} (100000 bytes) runs past the end of the chunk");
    }

    [Test]
    public void Slots_past_the_ones_the_header_counts_are_not_read()
    {
        // A killed writer leaves the file longer than the slots it took: the reader stops at the header's count,
        // so it neither reads that tail slot by slot nor trips over what lies there.
        var builder = NewTrace();
        builder.Thread(0, 1).Call(DbConnect, 10, 20);
        var written = builder.Build();
        var bytes = new byte[written.Length + (4 * builder.ChunkSize)];
        written.CopyTo(bytes, 0);
        "JUNK"u8.CopyTo(bytes.AsSpan(written.Length + builder.ChunkSize));

        using var file = TraceFile.Open(SaveBytes(bytes));

        file.EnterCounts()["App.Data.Db.Connect"].ShouldBe(1);
    }

    [Test]
    public void Unknown_chunk_kind_is_refused()
    {
        var bytes = NewTrace().Build();
        "JUNK"u8.CopyTo(bytes.AsSpan(TraceFileBuilder.HeaderSize));

        Refusal(bytes).ShouldBe($"corrupt chunk at offset {TraceFileBuilder.HeaderSize}: unknown chunk kind 0x4B4E554A");
    }

    [Test]
    public void Reserved_event_kind_fails_while_streaming()
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Enter(ServerStart, 0).Raw(1UL << 2, 0);
        using var file = Open(builder);

        var error = Should.Throw<TraceFormatException>(() => file.ReadEvents(file.Threads[0]).ToList());

        error.Message.ShouldStartWith("corrupt chunk at offset");
        error.Message.ShouldContain("invalid kind 0");
    }

    [Test]
    public void Work_event_saying_nothing_known_fails_while_streaming()
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Enter(ServerStart, 0).Raw(3UL, 0).Raw((9UL << 56) | 5, 0);
        using var file = Open(builder);

        var error = Should.Throw<TraceFormatException>(() => file.ReadEvents(file.Threads[0], withWork: true).ToList());

        error.Message.ShouldStartWith("corrupt chunk at offset");
        error.Message.ShouldContain("names no known work");
        Should.Throw<TraceFormatException>(() => CallTree.Build(file));
    }

    [Test]
    public void Work_event_cut_before_its_second_word_ends_the_data()
    {
        var builder = NewTrace();
        builder.Thread(0, 1).Enter(ServerStart, 0).Raw(3UL, 0);
        using var file = Open(builder);

        file.ReadEvents(file.Threads[0], withWork: true).Count().ShouldBe(1);
        CallTree.Build(file).UnfinishedCalls.ShouldBe(1);
    }

    [Test]
    public void Messages_are_one_line()
    {
        var cases = new List<byte[]> { new byte[0], new byte[] { 1, 2, 3 }, NewTrace().Build()[..50] };
        foreach (var bytes in cases)
        {
            Refusal(bytes).ShouldNotContain("\n");
        }
    }

    private string Refusal(byte[] bytes)
    {
        var path = SaveBytes(bytes, "refused.bin");
        return Should.Throw<TraceFormatException>(() => TraceFile.Open(path).Dispose()).Message;
    }
}
