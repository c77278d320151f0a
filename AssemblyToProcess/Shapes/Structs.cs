using System;

namespace AssemblyToProcess.Shapes;

/// <summary>A mutable struct: methods change fields through <c>this</c> (a managed pointer).</summary>
public struct Counter
{
    private int _value;

    public Counter(int start)
    {
        _value = start;
    }

    public readonly int Value => _value;

    public void Increment()
    {
        _value++;
    }

    public void Add(int n)
    {
        this._value += n;
    }

    public void Reset()
    {
        this = new Counter(-1);
    }

    public int IncrementAndGet()
    {
        Increment();
        return _value;
    }

    public override readonly string ToString() => "Counter(" + _value + ")";
}

public readonly struct Vec2
{
    public Vec2(int x, int y)
    {
        X = x;
        Y = y;
    }

    public int X { get; }

    public int Y { get; }

    public int LengthSquared => Dot(this);

    public int Dot(Vec2 other) => X * other.X + Y * other.Y;

    public Vec2 Scale(int k) => new Vec2(X * k, Y * k);

    public override string ToString() => "(" + X + ", " + Y + ")";
}

/// <summary>A ref struct over a span.</summary>
public ref struct SpanReader
{
    private readonly ReadOnlySpan<int> _data;
    private int _position;

    public SpanReader(ReadOnlySpan<int> data)
    {
        _data = data;
        _position = 0;
    }

    public bool TryRead(out int value)
    {
        if (_position >= _data.Length)
        {
            value = 0;
            return false;
        }
        value = _data[_position++];
        return true;
    }
}
