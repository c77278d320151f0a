using System;
using System.Collections.Generic;

namespace AssemblyToProcess.Shapes;

/// <summary>Property accessors with bodies (traced), auto-properties (not traced: compiler-generated), an init accessor.</summary>
public sealed class Config
{
    private int _port;
    private int _id;

    public Config()
    {
        _port = 80;
    }

    public static string Version => "1.0";

    public int Port
    {
        get { return _port; }
        set
        {
            if (value <= 0) throw new ArgumentOutOfRangeException(nameof(value), "port must be positive");
            _port = value;
        }
    }

    /// <summary>Auto-property: its get/set are compiler-generated.</summary>
    public string Name { get; set; } = "default";

    /// <summary>Auto-property with an init accessor: compiler-generated.</summary>
    public string Host { get; init; } = "localhost";

    /// <summary>An init accessor with a body: named <c>Config.Id.set</c>.</summary>
    public int Id
    {
        get => _id;
        init => _id = value * 10;
    }

    public string Endpoint => Host + ":" + Port;
}

/// <summary>An indexer: <c>Grid.this[].get</c> / <c>Grid.this[].set</c>.</summary>
public sealed class Grid
{
    private readonly int[] _cells;
    private readonly int _width;
    private readonly int _height;

    public Grid(int width, int height)
    {
        _width = width;
        _height = height;
        _cells = new int[width * height];
    }

    public int this[int row, int column]
    {
        get
        {
            Check(row, column);
            return _cells[row * _width + column];
        }
        set
        {
            Check(row, column);
            _cells[row * _width + column] = value;
        }
    }

    private void Check(int row, int column)
    {
        if (row < 0 || row >= _height || column < 0 || column >= _width) throw new IndexOutOfRangeException("cell " + row + "," + column);
    }
}

/// <summary>An event with explicit add/remove (traced) and a field-like event (compiler-generated accessors, not traced).</summary>
public sealed class Bus
{
    private readonly List<string> _log;
    private EventHandler<int>? _changed;

    public Bus(List<string> log)
    {
        _log = log;
    }

    public event EventHandler<int>? Changed
    {
        add
        {
            _log.Add("add");
            _changed += value;
        }
        remove
        {
            _log.Add("remove");
            _changed -= value;
        }
    }

    public event EventHandler? Simple;

    public void Raise(int value)
    {
        _changed?.Invoke(this, value);
        Simple?.Invoke(this, EventArgs.Empty);
    }
}

/// <summary>
/// C# 14 extension members: the compiler puts the property declarations in a nested grouping type and their
/// bodies in plain static methods of this class named get_X; they are named <c>ConfigExtensions.DoublePort.get</c>
/// all the same.
/// </summary>
public static class ConfigExtensions
{
    extension(Config config)
    {
        public int DoublePort => config.Port * 2;

        public static int Unit => 1;

        public int Scaled(int factor) => config.DoublePort * factor;
    }
}
