using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace GoTrace;

/// <summary>What woven code calls. Not meant to be called by hand.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe partial class Tracer
{
    [ThreadStatic]
    private static ThreadBuffer? _buffer;

    /// <summary>Records entering function <paramref name="id"/>; returns what <see cref="Exit"/> takes.</summary>
    /// <remarks>
    /// The hot path: one thread-static read, then one call of the native writer, which reads the clock and
    /// stores the 8-byte event into the thread's own chunk (<see cref="ThreadBuffer.Write"/>).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ThreadBuffer Enter(int id)
    {
        var buffer = _buffer;
        if (buffer != null)
        {
            buffer.Write(((ulong)(uint)id << TraceLayout.FunctionIdShift) | TraceLayout.EnterKind);
            return buffer;
        }

        return FirstEvent(((ulong)(uint)id << TraceLayout.FunctionIdShift) | TraceLayout.EnterKind);
    }

    /// <summary>Records leaving function <paramref name="id"/> on the thread <see cref="Enter"/> ran on.</summary>
    /// <remarks>
    /// Kept out of line: the JIT compiles an unmanaged call inlined into a finally through a slow stub. It is
    /// small anyway: the native writer's call and the miss test.
    /// Compiled optimized at once (AggressiveOptimization, 512 in netstandard2.0's terms): the tracer times itself at
    /// start-up (<see cref="OverheadCalibration"/>) with the code the rest of the run uses.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining | (MethodImplOptions)512)]
    public static void Exit(ThreadBuffer buffer, int id) =>
        buffer.Write(((ulong)(uint)id << TraceLayout.FunctionIdShift) | TraceLayout.ExitKind);

    /// <summary>
    /// Called once per woven module, from its function table's static constructor: reserves
    /// <paramref name="count"/> ids and records the table (one "namespace\tname\tfile\tline" line per id).
    /// Returns the first id.
    /// </summary>
    public static int RegisterModule(string assemblyName, int count, string table)
    {
        try
        {
            return TraceSession.Current.RegisterModule(assemblyName, count, table);
        }
        catch (Exception)
        {
            return TraceLayout.UntracedModuleBase;
        }
    }

    /// <summary>Gives this thread another buffer (a scratch one, while the tracer times itself); returns the one it had.</summary>
    internal static ThreadBuffer? SwapBuffer(ThreadBuffer? buffer)
    {
        var previous = _buffer;
        _buffer = buffer;
        return previous;
    }

    /// <summary>This thread's buffer, created on first use.</summary>
    internal static ThreadBuffer CurrentBuffer() => _buffer ?? CreateBuffer();

    /// <summary>This thread's buffer, or null when it has written nothing yet.</summary>
    internal static ThreadBuffer? ExistingBuffer() => _buffer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ThreadBuffer CreateBuffer()
    {
        try
        {
            // The activity the thread is in when it starts recording: later changes are written as they happen.
            var buffer = _buffer = TraceSession.Current.CreateBuffer();
            buffer.RecordActivity();
            return buffer;
        }
        catch (Exception)
        {
            return _buffer = ThreadBuffer.Disabled();
        }
    }

    /// <summary>A thread's first event: give it a buffer (and the process a session, if this is the first).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ThreadBuffer FirstEvent(ulong idAndKind)
    {
        var buffer = CreateBuffer();
        buffer.WriteSlow(idAndKind, TraceClock.Now());
        return buffer;
    }
}
