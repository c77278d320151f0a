namespace GoTrace;

/// <summary>What happens when the trace file reaches GOTRACE_MAX_SIZE.</summary>
internal enum TraceMode
{
    /// <summary>Keep the start of the run; later events are dropped and counted (GOTRACE_MODE=stop, the default).</summary>
    Stop,

    /// <summary>Flight recorder: each thread overwrites its oldest chunk, keeping its most recent events (GOTRACE_MODE=ring).</summary>
    Ring,
}
