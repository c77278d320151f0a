namespace GoTrace.Reporter;

/// <summary>
/// How a node of the call tree was reached from its parent: a plain call, work the parent started to run
/// elsewhere, or an async call, so that the same function reached as a call and as spawned work stays on
/// separate nodes. The kind is part of a node's identity (see <see cref="PathKey"/>), so the replay, the
/// merge and the views carry it without change. <see cref="Spawned"/> and <see cref="Async"/> children run
/// alongside the parent; like calls, their time is taken out of the parent's self time.
/// </summary>
public enum CallKind : byte
{
    /// <summary>An ordinary call: the parent's thread entered the function.</summary>
    Call = 0,

    /// <summary>Work the parent started to run elsewhere (a thread, the thread pool, a task, a timer, Parallel).</summary>
    Spawned = 1,

    /// <summary>An async method the parent called: from the call to the completion of its task, every run of its MoveNext.</summary>
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
