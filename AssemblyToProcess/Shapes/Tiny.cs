using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace AssemblyToProcess.Shapes;

/// <summary>
/// The tiny-member rule, shape by shape (Tests/Weaving/TinyMemberTests holds the table): counted are bodies of
/// at most 16 bytes of IL without calls, loops, exception handling or throw; everything else is timed.
/// The same in Debug and Release builds.
/// </summary>
public class Particle
{
    private static int s_limit = 7;
    private readonly List<int> _history = new List<int>();
    private int _x;
    private int _speed;

    static Particle()
    {
        s_limit = 8;
    }

    // Counted: field getters and setters, one-line expressions, a forward branch, an empty method.
    public bool Moving => _speed != 0;

    public int X
    {
        get { return _x; }
        set { _x = value; }
    }

    public static int Limit => s_limit;

    public int Next => _x + _speed;

    public static int Sign(int value) => value > 0 ? 1 : 2;

    public void Touch()
    {
    }

    public virtual int Weight => 3;

    // Timed: a call, a loop, exception handling, a throw, more than 16 bytes, [NoInlining], a static constructor.
    public int HistoryCount => _history.Count;

    public static int HighestBit(int value)
    {
        while (value > 1) value >>= 1;
        return value;
    }

    public int SafeRatio()
    {
        try { return _x / _speed; }
        catch (DivideByZeroException) { return 0; }
    }

    public static void Fail() => throw null!;

    public int Sum4 => _x + _speed + _x + _speed + s_limit;

    public int Pinned
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        get => _x;
    }

    public void Move(int steps)
    {
        _speed = steps;
        for (int i = 0; i < steps; i++) X = Next;
        _history.Add(_x);
    }
}

public sealed class HeavyParticle : Particle
{
    public override int Weight => 30;
}
