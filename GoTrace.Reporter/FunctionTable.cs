using System.Collections;
using System.Collections.Generic;

namespace GoTrace.Reporter;

/// <summary>
/// The trace's functions, indexed by function id. An id no module describes yields a
/// placeholder (<c>&lt;unknown function 1234&gt;</c>) instead of throwing. Functions that share a full name
/// (overloads) show their parameter lists, so that no two functions of the trace read the same.
/// </summary>
public sealed class FunctionTable : IReadOnlyList<FunctionInfo>
{
    private readonly Dictionary<int, FunctionInfo> _known = new();
    private readonly Dictionary<string, FunctionInfo> _firstByName = new(System.StringComparer.Ordinal);
    private int[]? _nameSlots;
    private int _slotCount;
    private int _count;

    internal FunctionTable()
    {
    }

    /// <summary>One more than the highest described id.</summary>
    public int Count => _count;

    /// <summary>How many ids are described by module records.</summary>
    public int KnownCount => _known.Count;

    public FunctionInfo this[int id] => _known.TryGetValue(id, out var function) ? function : FunctionInfo.Unknown(id);

    public bool TryGetFunction(int id, out FunctionInfo function)
    {
        if (_known.TryGetValue(id, out var found))
        {
            function = found;
            return true;
        }

        function = FunctionInfo.Unknown(id);
        return false;
    }

    /// <summary>Ids 0 .. Count-1 in order; holes come back as placeholders.</summary>
    public IEnumerator<FunctionInfo> GetEnumerator()
    {
        for (var id = 0; id < _count; id++)
        {
            yield return this[id];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// For each id below <see cref="Count"/>, a number shared by the functions that read the same (overloads whose
    /// parameters the trace does not record), from 0 up; <see cref="SlotCount"/> is one past the highest. Reports
    /// count a function's time once per name, as they show it.
    /// </summary>
    internal int[] NameSlots
    {
        get
        {
            if (_nameSlots == null && _count > (4L * _known.Count) + 65536)
            {
                // Ids spread far apart (a damaged table): every id counts on its own.
                _slotCount = _count;
                _nameSlots = System.Array.Empty<int>();
            }

            if (_nameSlots == null)
            {
                var slots = new int[_count];
                var byName = new Dictionary<string, int>(System.StringComparer.Ordinal);
                for (var id = 0; id < _count; id++)
                {
                    var name = this[id].FullName;
                    if (!byName.TryGetValue(name, out var slot))
                    {
                        slot = byName.Count;
                        byName.Add(name, slot);
                    }

                    slots[id] = slot;
                }

                _slotCount = byName.Count;
                _nameSlots = slots;
            }

            return _nameSlots;
        }
    }

    /// <summary>One past the highest of <see cref="NameSlots"/>; ids from <see cref="Count"/> on get slots from here on.</summary>
    internal int SlotCount
    {
        get
        {
            _ = NameSlots;
            return _slotCount;
        }
    }

    internal void Add(FunctionInfo function)
    {
        _nameSlots = null;
        _known[function.Id] = function;
        if (!_firstByName.TryAdd(function.BaseFullName, function) && _firstByName[function.BaseFullName] is var first && first.Id != function.Id)
        {
            first.ShowParameters();
            function.ShowParameters();
        }

        if (function.Id >= _count)
        {
            _count = function.Id + 1;
        }
    }
}
