using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace GoTrace;

/// <summary>What woven code calls. Not meant to be called by hand.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class Tracer
{
    [ThreadStatic]
    private static ThreadBuffer? _buffer;

    /// <summary>Records entering function <paramref name="id"/>; returns the token <see cref="Exit"/> takes.</summary>
    /// <remarks>The hot path: one thread-static read, one clock read, one 8-byte store into the thread's own chunk.</remarks>
    public static int Enter(int id)
    {
        var buffer = _buffer;
        var idAndKind = ((ulong)(uint)id << TraceLayout.FunctionIdShift) | TraceLayout.EnterKind;
        if (buffer != null)
        {
            var now = TraceClock.Now();
            var position = buffer.Position;
            var delta = (ulong)(now - buffer.BaseTicks);
            if (position < buffer.End && delta < TraceLayout.MaxDeltaTicks)
            {
                *(ulong*)position = (delta << TraceLayout.TicksShift) | idAndKind;
                buffer.Position = position + TraceLayout.EventSize;
                return id;
            }

            buffer.WriteSlow(idAndKind, now);
            return id;
        }

        FirstEvent(idAndKind);
        return id;
    }

    /// <summary>Records leaving the function that <see cref="Enter"/> returned <paramref name="token"/> for.</summary>
    /// <remarks>Kept out of line: the JIT compiles an unmanaged call inlined into a finally through a slow stub.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Exit(int token)
    {
        var buffer = _buffer;
        var idAndKind = ((ulong)(uint)token << TraceLayout.FunctionIdShift) | TraceLayout.ExitKind;
        if (buffer != null)
        {
            var now = TraceClock.Now();
            var position = buffer.Position;
            var delta = (ulong)(now - buffer.BaseTicks);
            if (position < buffer.End && delta < TraceLayout.MaxDeltaTicks)
            {
                *(ulong*)position = (delta << TraceLayout.TicksShift) | idAndKind;
                buffer.Position = position + TraceLayout.EventSize;
                return;
            }

            buffer.WriteSlow(idAndKind, now);
            return;
        }

        FirstEvent(idAndKind);
    }

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

    /// <summary>A thread's first event: give it a buffer (and the process a session, if this is the first).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FirstEvent(ulong idAndKind)
    {
        ThreadBuffer buffer;
        try
        {
            buffer = TraceSession.Current.CreateBuffer();
        }
        catch (Exception)
        {
            buffer = ThreadBuffer.Disabled();
        }

        _buffer = buffer;
        buffer.WriteSlow(idAndKind, TraceClock.Now());
    }
}
