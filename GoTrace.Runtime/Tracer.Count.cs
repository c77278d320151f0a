using System.Runtime.CompilerServices;

namespace GoTrace;

public static partial class Tracer
{
    /// <summary>
    /// Records one call of a counted function (a tiny member the weaver does not time): the call is counted in
    /// place, under the frame that made it; its time belongs to the caller.
    /// </summary>
    /// <remarks>
    /// No clock read: one thread-static read, then one more call added to the count word this thread wrote last
    /// (when it is the same function's and nothing came after it), or a new count word (docs/trace-format.md).
    /// Only the first event of a thread and a full chunk leave the inlined code.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Count(int id)
    {
        var buffer = _buffer;
        if (buffer == null || !buffer.TryCount(id))
        {
            CountMissed(id);
        }
    }

    /// <summary>A count the inlined path could not store: the thread's first event, or its chunk is full.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CountMissed(int id) => (_buffer ?? CreateBuffer()).CountSlow(id);
}
