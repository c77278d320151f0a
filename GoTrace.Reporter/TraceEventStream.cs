using System;
using System.Collections;
using System.Collections.Generic;

namespace GoTrace.Reporter;

/// <summary>One thread's events in order, read a chunk at a time. Enumerate it as often as needed.</summary>
public sealed class TraceEventStream : IEnumerable<TraceEvent>
{
    private readonly TraceFile _file;
    private readonly TraceThread _thread;

    internal TraceEventStream(TraceFile file, TraceThread thread)
    {
        _file = file;
        _thread = thread;
    }

    public TraceEventEnumerator GetEnumerator() => new(_file, _thread);

    IEnumerator<TraceEvent> IEnumerable<TraceEvent>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Walks a thread's chunks in sequence order, decoding events from one reused buffer.</summary>
public sealed class TraceEventEnumerator : IEnumerator<TraceEvent>
{
    private readonly TraceFile _file;
    private readonly TraceThread _thread;
    private ulong[]? _words;
    private int _nextChunk;
    private EventChunk _chunk;
    private int _index;
    private int _count;
    private TraceEvent _current;

    internal TraceEventEnumerator(TraceFile file, TraceThread thread)
    {
        _file = file;
        _thread = thread;
    }

    public TraceEvent Current => _current;

    object IEnumerator.Current => _current;

    public bool MoveNext()
    {
        while (true)
        {
            if (_index < _count)
            {
                var word = _words![_index];
                if (word != EventWord.EndOfData)
                {
                    var kind = EventWord.Kind(word);
                    if (kind - 1 > 1)
                    {
                        throw EventWord.InvalidKind(_chunk, _index, word);
                    }

                    _current = new TraceEvent((TraceEventKind)kind, EventWord.FunctionId(word), _chunk.BaseTicks + EventWord.DeltaTicks(word));
                    _index++;
                    return true;
                }

                _count = 0; // a zero word ends this chunk's data
            }

            if (_nextChunk >= _thread.Chunks.Count)
            {
                return false;
            }

            _words ??= new ulong[_file.EventBufferWords];
            _chunk = _thread.Chunks[_nextChunk++];
            _count = _file.ReadEventWords(_chunk, _words);
            _index = 0;
        }
    }

    public void Reset()
    {
        _nextChunk = 0;
        _index = 0;
        _count = 0;
    }

    public void Dispose()
    {
        _words = null;
    }
}
