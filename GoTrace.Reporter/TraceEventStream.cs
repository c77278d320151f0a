using System;
using System.Collections;
using System.Collections.Generic;

namespace GoTrace.Reporter;

/// <summary>
/// One thread's events in order, read a chunk at a time: enters, exits and counts of calls of counted functions
/// (<see cref="TraceEventKind.Count"/>), and work events when asked for. Enumerate it as often as needed.
/// </summary>
public sealed class TraceEventStream : IEnumerable<TraceEvent>
{
    private readonly TraceFile _file;
    private readonly TraceThread _thread;
    private readonly bool _withWork;

    internal TraceEventStream(TraceFile file, TraceThread thread, bool withWork)
    {
        _file = file;
        _thread = thread;
        _withWork = withWork;
    }

    public TraceEventEnumerator GetEnumerator() => new(_file, _thread, _withWork);

    IEnumerator<TraceEvent> IEnumerable<TraceEvent>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Walks a thread's chunks in sequence order, decoding events from one reused buffer.</summary>
public sealed class TraceEventEnumerator : IEnumerator<TraceEvent>
{
    private readonly TraceFile _file;
    private readonly TraceThread _thread;
    private readonly bool _withWork;
    private ulong[]? _words;
    private int _nextChunk;
    private EventChunk _chunk;
    private int _index;
    private int _count;
    private long _lastTicks;
    private TraceEvent _current;

    internal TraceEventEnumerator(TraceFile file, TraceThread thread, bool withWork)
    {
        _file = file;
        _thread = thread;
        _withWork = withWork;
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
                    if (kind == EventWord.Work)
                    {
                        if (!WorkEvents.TryRead(_words, _count, _index, _chunk, out var what, out var id))
                        {
                            _count = 0; // cut before its second word: the data ends here
                            continue;
                        }

                        _index += 2;
                        _lastTicks = _chunk.BaseTicks + EventWord.DeltaTicks(word);
                        if (!_withWork)
                        {
                            continue;
                        }

                        _current = new TraceEvent(what, id, EventWord.FunctionId(word), _lastTicks);
                        return true;
                    }

                    if (kind == EventWord.Count)
                    {
                        _current = TraceEvent.Counted(EventWord.FunctionId(word), EventWord.CountedCalls(_file, _chunk, _index, word), _lastTicks);
                        _index++;
                        return true;
                    }

                    _lastTicks = _chunk.BaseTicks + EventWord.DeltaTicks(word);
                    _current = new TraceEvent((TraceEventKind)kind, EventWord.FunctionId(word), _lastTicks);
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
            _lastTicks = _chunk.BaseTicks;
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
