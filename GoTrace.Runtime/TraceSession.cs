using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

namespace GoTrace;

/// <summary>
/// The one trace of this process: opens the file on first use, hands out thread buffers and
/// function ids, and finishes the file when the process ends. Never throws into user code.
/// </summary>
internal sealed unsafe class TraceSession
{
    private static readonly object CreateGate = new();

    // Rounds of 400 calls of each kind the tracer times itself with (about two milliseconds), and the memory their
    // events go into.
    private const int CalibrationRounds = 31;
    private const int CalibrationBytes = 512 * 1024;
    private static TraceSession? _current;

    private readonly TraceSettings _settings;
    private readonly MetadataWriter? _metadata;
    private readonly List<ThreadBuffer> _buffers = new();
    private int _nextFunctionId;
    private int _nextThreadIndex;
    private int _finished;
    private int _warnedFull;
    private int _started;

    private TraceSession(TraceSettings settings, TraceFileMapping? file)
    {
        _settings = settings;
        File = file!;
        if (file != null)
        {
            _metadata = new MetadataWriter(file);
        }
    }

    public static TraceSession Current => Volatile.Read(ref _current) ?? Create();

    /// <summary>The mapped file; only used by buffers of a session that has one.</summary>
    public TraceFileMapping File { get; }

    public bool IsRecording => _metadata != null;

    /// <summary>What a full file means: stop recording, or recycle each thread's oldest chunk.</summary>
    public TraceMode Mode => _settings.Mode;

    /// <summary>Ring mode: guards every thread's chunk ownership, so that one thread can reuse another's oldest chunk.</summary>
    public object RingGate { get; } = new();

    /// <summary>Ring mode, under <see cref="RingGate"/>: the buffer owning the most chunks.</summary>
    public ThreadBuffer? RichestRingOwner()
    {
        ThreadBuffer? richest = null;
        lock (_buffers)
        {
            foreach (var buffer in _buffers)
            {
                if (richest == null || buffer.OwnedChunks > richest.OwnedChunks)
                {
                    richest = buffer;
                }
            }
        }

        return richest;
    }

    /// <summary>Reserves ids for a module's functions and records its function table.</summary>
    public int RegisterModule(string assemblyName, int count, string table)
    {
        var baseId = Interlocked.Add(ref _nextFunctionId, count) - count;
        if (baseId + count > TraceLayout.MaxFunctionCount)
        {
            Warn($"more than {TraceLayout.MaxFunctionCount} traced functions; {assemblyName} cannot be told apart from other modules");
            return TraceLayout.UntracedModuleBase;
        }

        _metadata?.WriteModule(baseId, count, assemblyName, table);
        return baseId;
    }

    /// <summary>Records an activity's ids under <paramref name="id"/> (see <see cref="ThreadBuffer.RecordActivity"/>).</summary>
    public bool WriteActivity(long id, byte[] traceAndSpanId, byte flags) => _metadata?.WriteActivity(id, traceAndSpanId, flags) ?? false;

    public ThreadBuffer CreateBuffer()
    {
        if (!IsRecording)
        {
            return ThreadBuffer.Disabled();
        }

        var thread = Thread.CurrentThread;
        var index = (uint)Interlocked.Increment(ref _nextThreadIndex) - 1;
        var buffer = new ThreadBuffer(this, index, thread, OsThread.CurrentId());
        DescribeThread(buffer, thread);
        lock (_buffers)
        {
            _buffers.Add(buffer);
        }

        MarkStart();
        return buffer;
    }

    /// <summary>
    /// The trace starts right before its first event: setting the session up (the file, the process record, exit
    /// handlers, signal hooks) is the tracer's time, not the program's. The header holds a start from the moment the
    /// file was made until then.
    /// </summary>
    private void MarkStart()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            StampStart(File);
        }
    }

    /// <summary>
    /// Writes (again) the thread record of a buffer's thread: at its first event, and whenever its name is
    /// found changed (when it takes a chunk, and when the file is finished). The last record wins.
    /// </summary>
    public void DescribeThread(ThreadBuffer buffer, Thread thread)
    {
        var name = thread.Name ?? string.Empty;
        var flags = (thread.IsThreadPoolThread ? 1u : 0u) | (thread.IsBackground ? 2u : 0u);
        buffer.RecordedName = name;
        _metadata?.WriteThread(buffer.Index, thread.ManagedThreadId, buffer.OsThreadId, flags, name);
    }

    /// <summary>The file (or the disk) filled up: say so once, keep the program running.</summary>
    public void ReportFull()
    {
        if (Volatile.Read(ref _finished) == 0 && Interlocked.Exchange(ref _warnedFull, 1) == 0)
        {
            Warn(File.DiskFull
                ? $"the disk holding {File.Path} is full; later events are dropped and counted"
                : $"trace file {File.Path} reached GOTRACE_MAX_SIZE ({_settings.MaxSize} bytes); later events are dropped and counted");
        }
    }

    /// <summary>Marks the file complete and cuts it to size. Runs once, at process exit or on an unhandled exception.</summary>
    public void Finish()
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0 || !IsRecording)
        {
            return;
        }

        try
        {
            var recordedDrops = WriteDrops();
            var slots = File.Close();
            var (events, dropped) = WriteSummary(slots, recordedDrops);
            File.Finish(slots);
            if (!_settings.Quiet)
            {
                var droppedNote = dropped > 0 ? $", {dropped.ToString("N0", CultureInfo.InvariantCulture)} dropped" : string.Empty;
                Console.Error.WriteLine($"gotrace: {events.ToString("N0", CultureInfo.InvariantCulture)} events{droppedNote} written to {File.Path}");
            }
        }
        catch (Exception e)
        {
            Warn($"could not finish the trace file: {e.Message}");
        }
    }

    /// <summary>
    /// A termination signal arrived: mark the file complete now, in case the process dies without
    /// running exit handlers, but keep recording in case the program handles the signal and goes on.
    /// </summary>
    public void Checkpoint()
    {
        if (Volatile.Read(ref _finished) != 0 || !IsRecording)
        {
            return;
        }

        try
        {
            // The drops records too: a program killed after the signal leaves a complete file that says whose events were lost.
            WriteSummary(File.SlotsInUse, WriteDrops());
            File.Flush();
        }
        catch (Exception e)
        {
            Warn($"could not update the trace file: {e.Message}");
        }
    }

    /// <summary>
    /// Times the tracer's own calls before the trace starts and records the figures for the reporter to take out
    /// (docs/overhead-compensation.md). The events go into memory not written before, as into a new chunk; not
    /// into the file, whose room (and disk) belongs to the program's events.
    /// </summary>
    private void Calibrate()
    {
        try
        {
            _metadata!.WriteCalibration(TraceLayout.CalibratedAtStart, OverheadCalibration.Measure(CalibrationRounds, CalibrationBytes));
        }
        catch (Exception)
        {
            // No figures: the reporter shows the times as measured.
        }
    }

    /// <summary>
    /// Where events were lost: one record per thread that dropped any (needs a free slot); late thread names.
    /// Returns the drops the records count, so that the header's total agrees with them (drops that come later are
    /// in the next records, if any). A reader keeps each thread's largest count.
    /// </summary>
    private long WriteDrops()
    {
        long recorded = 0;
        lock (_buffers)
        {
            foreach (var buffer in _buffers)
            {
                if (buffer.Thread is { } thread && (thread.Name ?? string.Empty) != buffer.RecordedName)
                {
                    DescribeThread(buffer, thread);
                }

                var dropped = buffer.Dropped;
                if (dropped > 0)
                {
                    _metadata!.WriteDrops(buffer.Index, dropped, buffer.FirstDropTicks);
                }

                recorded += dropped;
            }
        }

        return recorded;
    }

    private (long Events, long Dropped) WriteSummary(long slots, long dropped)
    {
        long events = 0;
        lock (_buffers)
        {
            foreach (var buffer in _buffers)
            {
                events += buffer.EventsWritten;
            }
        }

        var header = File.Base;
        *(double*)(header + TraceLayout.ClockFrequencyOffset) = TraceClock.Recalibrate();
        *(long*)(header + TraceLayout.SlotsInUseOffset) = slots;
        *(long*)(header + TraceLayout.DroppedEventsOffset) = dropped;
        *(long*)(header + TraceLayout.EventsWrittenOffset) = events;
        *(long*)(header + TraceLayout.EndTicksOffset) = TraceClock.Now();
        Volatile.Write(ref *(uint*)(header + TraceLayout.FlagsOffset), TraceLayout.FlagComplete);
        return (events, dropped);
    }

    private static TraceSession Create()
    {
        lock (CreateGate)
        {
            if (_current != null)
            {
                return _current;
            }

            var processId = CurrentProcessId();
            var settings = TraceSettings.FromEnvironment(processId);
            foreach (var problem in settings.Problems)
            {
                Warn(problem);
            }

            TraceFileMapping? file = null;
            try
            {
                file = TraceFileMapping.Create(settings.OutputPath, settings.MaxSize, TraceLayout.DefaultChunkSize);
                WriteHeader(file, processId);
            }
            catch (Exception e)
            {
                file = null;
                Warn($"cannot write trace file {settings.OutputPath}: {e.Message}; running untraced");
            }

            var session = new TraceSession(settings, file);
            if (file != null)
            {
                session._metadata!.WriteProcess(ProcessName(), Environment.CommandLine, RuntimeInformation.FrameworkDescription, TraceClock.Name);
                session.Calibrate();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => session.Finish();
                AppDomain.CurrentDomain.UnhandledException += (_, _) => session.Finish();
                TerminationSignals.OnSignal(session.Checkpoint);
#if NET5_0_OR_GREATER
                ActivityFlow.Start();
#endif
            }

            Volatile.Write(ref _current, session);
            return session;
        }
    }

    private static void WriteHeader(TraceFileMapping file, int processId)
    {
        var header = file.Base;
        var magic = "GOTRACE\0";
        for (var i = 0; i < magic.Length; i++)
        {
            header[TraceLayout.MagicOffset + i] = (byte)magic[i];
        }

        *(uint*)(header + TraceLayout.VersionOffset) = TraceLayout.Version;
        *(uint*)(header + TraceLayout.HeaderSizeOffset) = TraceLayout.HeaderSize;
        *(uint*)(header + TraceLayout.ChunkSizeOffset) = (uint)file.ChunkSize;
        *(double*)(header + TraceLayout.ClockFrequencyOffset) = TraceClock.Frequency;
        *(int*)(header + TraceLayout.ProcessIdOffset) = processId;
        StampStart(file);
    }

    private static void StampStart(TraceFileMapping file)
    {
        *(long*)(file.Base + TraceLayout.StartUnixNanosOffset) = (DateTime.UtcNow.Ticks - 621355968000000000L) * 100;
        *(long*)(file.Base + TraceLayout.StartTicksOffset) = TraceClock.Now();
    }

    private static int CurrentProcessId()
    {
#if NET5_0_OR_GREATER
        return Environment.ProcessId;
#else
        using var process = Process.GetCurrentProcess();
        return process.Id;
#endif
    }

    private static string ProcessName()
    {
        try
        {
            using var process = Process.GetCurrentProcess();
            return process.ProcessName;
        }
        catch (Exception)
        {
            return string.Empty;
        }
    }

    private static void Warn(string message)
    {
        try
        {
            Console.Error.WriteLine("gotrace: " + message);
        }
        catch (Exception)
        {
            // Nowhere left to say it.
        }
    }
}
