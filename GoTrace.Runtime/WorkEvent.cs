namespace GoTrace;

/// <summary>What a work event says (docs/trace-format.md, "work event").</summary>
internal enum WorkEvent : byte
{
    /// <summary>Work was started here, by the frame on top of this thread's stack.</summary>
    Spawn = 1,

    /// <summary>The events that follow on this thread run the work, up to the matching End.</summary>
    Begin = 2,

    /// <summary>The work stops running on this thread.</summary>
    End = 3,

    /// <summary>An async method's logical call starts here.</summary>
    AsyncCall = 4,

    /// <summary>The async call's task completed.</summary>
    AsyncComplete = 5,

    /// <summary>The async call or spawn that follows runs inside the activity its id names (an activity record), or none.</summary>
    Activity = 6,
}
