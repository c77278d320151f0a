namespace GoTrace;

/// <summary>Offsets and constants of trace format version 2 (docs/trace-format.md).</summary>
internal static class TraceLayout
{
    public const uint Version = 2;
    public const int HeaderSize = 4096;

    /// <summary>The slot size: a thread's first chunk takes one slot.</summary>
    public const int DefaultChunkSize = 1 << 14;

    /// <summary>The largest event chunk: a thread's chunks double from one slot up to this size.</summary>
    public const int MaxEventChunkBytes = 1 << 17;
    public const int MinChunkSize = 1 << 12;
    public const int ChunkHeaderSize = 32;
    public const int EventSize = 8;

    // File header fields.
    public const int MagicOffset = 0;
    public const int VersionOffset = 8;
    public const int HeaderSizeOffset = 12;
    public const int ChunkSizeOffset = 16;
    public const int FlagsOffset = 20;
    public const int ClockFrequencyOffset = 24;
    public const int StartTicksOffset = 32;
    public const int StartUnixNanosOffset = 40;
    public const int ProcessIdOffset = 48;
    public const int SlotsInUseOffset = 56;
    public const int DroppedEventsOffset = 64;
    public const int EventsWrittenOffset = 72;
    public const int EndTicksOffset = 80;

    public const uint FlagComplete = 1;

    // Chunk header fields.
    public const uint EventChunkKind = 0x4B4E4843; // "CHNK"
    public const uint MetadataChunkKind = 0x4154454D; // "META"
    public const int ChunkKindOffset = 0;
    public const int ChunkThreadOffset = 4;
    public const int ChunkSequenceOffset = 8;
    public const int ChunkSlotsOffset = 12;
    public const int ChunkBaseTicksOffset = 16;

    // Events: kind in bits 0-1, function id in bits 2-25, ticks since chunk base in bits 26-63.
    // A count event (kind 0, not the word 0): bits 26-63 hold a number of calls instead of ticks.
    public const ulong CountKind = 0;
    public const ulong EnterKind = 1;
    public const ulong ExitKind = 2;
    public const ulong WorkKind = 3;
    public const int WorkWhatShift = 56;
    public const ulong WorkIdMask = (1UL << 56) - 1;
    public const int FunctionIdShift = 2;
    public const int FunctionIdBits = 24;
    public const int TicksShift = 26;
    public const ulong MaxDeltaTicks = 1UL << (64 - TicksShift);
    public const int MaxFunctionCount = 1 << FunctionIdBits;

    /// <summary>One call in a count word's count field.</summary>
    public const ulong CountOne = 1UL << TicksShift;

    /// <summary>Kind and function id: what two count words of the same function share.</summary>
    public const ulong CountKeyMask = CountOne - 1;

    /// <summary>A count word below this has room for one call more (the count field is not all ones).</summary>
    public const ulong CountRoomLimit = ~CountKeyMask;

    // Metadata records.
    public const ushort ProcessRecord = 1;
    public const ushort ModuleRecord = 2;
    public const ushort ThreadRecord = 3;
    public const ushort DropsRecord = 4;
    public const ushort CalibrationRecord = 5;
    public const ushort ActivityRecord = 6;

    /// <summary>An activity record's flag (bit 8): this runtime writes an activity event wherever a thread's activity changes.</summary>
#if NET5_0_OR_GREATER
    public const int ActivityFlowFlag = 1 << 8;
#else
    public const int ActivityFlowFlag = 0;
#endif

    // When a calibration record was measured: the later one wins.
    public const int CalibratedAtStart = 0;
    public const int CalibratedAtFinish = 1;

    /// <summary>The id base handed to a module that cannot be registered (more than 2^24 functions).</summary>
    public const int UntracedModuleBase = 0;
}
