using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace GoTrace;

/// <summary>What woven code calls. Not meant to be called by hand.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Tracer
{
    [ThreadStatic]
    private static ThreadBuffer? _buffer;

    /// <summary>Records entering function <paramref name="id"/>; returns the token <see cref="Exit"/> takes.</summary>
    public static int Enter(int id)
    {
        (_buffer ?? CreateBuffer()).Write(((ulong)(uint)id << TraceLayout.FunctionIdShift) | TraceLayout.EnterKind);
        return id;
    }

    /// <summary>Records leaving the function that <see cref="Enter"/> returned <paramref name="token"/> for.</summary>
    public static void Exit(int token)
    {
        (_buffer ?? CreateBuffer()).Write(((ulong)(uint)token << TraceLayout.FunctionIdShift) | TraceLayout.ExitKind);
    }

    /// <summary>
    /// Called once per woven module, from its function table's static constructor: reserves
    /// <paramref name="count"/> ids and records the table (one "namespace\tname\tfile\tline" line per id).
    /// Returns the first id, or a negative value when the module cannot be traced.
    /// </summary>
    public static int RegisterModule(string assemblyName, int count, string table)
    {
        try
        {
            return TraceSession.Current.RegisterModule(assemblyName, count, table);
        }
        catch (Exception)
        {
            return -1;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ThreadBuffer CreateBuffer()
    {
        ThreadBuffer buffer;
        try
        {
            buffer = TraceSession.Current.CreateBuffer();
        }
        catch (Exception)
        {
            buffer = new ThreadBuffer(null, 0);
        }

        return _buffer = buffer;
    }
}
