using System.Runtime.CompilerServices;

namespace GoTrace;

public static partial class Tracer
{
    /// <summary>
    /// Records one call of a counted function (a tiny member the weaver does not time): the call is counted in
    /// place, under the frame that made it; its time belongs to the caller.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Count(int id)
    {
        // Written as an enter and an exit of the same function for now: correct counts, the cost of a timed call.
        var buffer = Enter(id);
        Exit(buffer, id);
    }
}
