using System;

namespace AssemblyToProcess.Shapes;

/// <summary>Operators: <c>Money.operator +</c>, <c>==</c>, <c>!=</c>, <c>implicit</c>, <c>explicit</c>.</summary>
public readonly struct Money : IEquatable<Money>
{
    private readonly long _cents;

    public Money(long cents)
    {
        _cents = cents;
    }

    public static Money operator +(Money a, Money b) => new Money(a._cents + b._cents);

    public static bool operator ==(Money a, Money b) => a.Equals(b);

    public static bool operator !=(Money a, Money b) => !(a == b);

    public static implicit operator long(Money m) => m._cents;

    public static explicit operator Money(long cents)
    {
        if (cents < 0) throw new ArgumentException("negative money: " + cents);
        return new Money(cents);
    }

    public bool Equals(Money other) => _cents == other._cents;

    public override bool Equals(object? obj) => obj is Money m && Equals(m);

    public override int GetHashCode() => _cents.GetHashCode();

    public override string ToString() => (_cents / 100) + "." + (_cents % 100).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
}
