namespace GoTrace.Reporter;

/// <summary>
/// How a node of the call tree was reached from its parent. Version 1 traces only record plain calls;
/// work started elsewhere (spawned tasks, async continuations) gets kinds of its own once the trace
/// records where it started (issue #3), so that the same function reached as a call and as spawned work
/// stays on separate nodes. The kind is part of a node's identity (see <see cref="PathKey"/>), so the
/// replay, the merge and the views carry it without change. Time of <see cref="Spawned"/> and
/// <see cref="Async"/> children runs alongside the parent and is not taken out of its self time.
/// </summary>
public enum CallKind : byte
{
    /// <summary>An ordinary call: the parent's thread entered the function.</summary>
    Call = 0,

    /// <summary>Work the parent started to run elsewhere (a thread, the thread pool, a task): not produced by version 1 traces yet.</summary>
    Spawned = 1,

    /// <summary>The continuation of an async call the parent awaits: not produced by version 1 traces yet.</summary>
    Async = 2,
}

/// <summary>A node's identity under its parent: function id in bits 0-23, <see cref="CallKind"/> in bits 24-31.</summary>
internal static class PathKey
{
    public const int FunctionMask = 0xFFFFFF;

    public static int Of(int functionId, CallKind kind) => functionId | ((int)kind << 24);

    public static int FunctionId(int key) => key & FunctionMask;

    public static CallKind Kind(int key) => (CallKind)((uint)key >> 24);
}
