using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics;

namespace GoTrace.Reporter;

/// <summary>
/// The <c>System.Diagnostics.Activity</c> ids a trace recorded (activity records, docs/trace-format.md): the
/// distributed trace and span that async calls and spawned work ran inside.
/// </summary>
public sealed class TraceActivities
{
    /// <summary>The id of an activity event that says no activity was current.</summary>
    public const long None = 1;

    private const int FollowsThreadsFlag = 1 << 8;

    private readonly Dictionary<long, ActivityContext> _byId = new();

    public int Count => _byId.Count;

    /// <summary>
    /// The runtime wrote an activity event wherever a thread's activity changed (not only at async calls and
    /// spawns), so the activity a thread recorded last is the one a root call there runs inside.
    /// </summary>
    public bool FollowsThreads { get; private set; }

    /// <summary>
    /// The activity an activity event names, as a remote parent context; default for <see cref="None"/>, and for
    /// an id with no record (a record lost when the metadata chunks were full).
    /// </summary>
    public ActivityContext this[long id] => _byId.TryGetValue(id, out var context) ? context : default;

    /// <summary>Adds a record: the trace id's two halves and the span id as read little-endian, so their bytes come back in order.</summary>
    internal void Add(long id, long traceLow, long traceHigh, long span, int flags)
    {
        Span<byte> bytes = stackalloc byte[24];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, traceLow);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.Slice(8), traceHigh);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.Slice(16), span);
        if (bytes.Slice(0, 16).IndexOfAnyExcept((byte)0) < 0 || bytes.Slice(16).IndexOfAnyExcept((byte)0) < 0)
        {
            return; // all-zero ids are invalid in W3C trace context
        }

        FollowsThreads |= (flags & FollowsThreadsFlag) != 0;

        _byId[id] = new ActivityContext(
            ActivityTraceId.CreateFromBytes(bytes.Slice(0, 16)),
            ActivitySpanId.CreateFromBytes(bytes.Slice(16)),
            (ActivityTraceFlags)(flags & 0xFF),
            isRemote: true);
    }
}
