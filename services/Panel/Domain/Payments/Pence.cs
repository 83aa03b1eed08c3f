using System.Globalization;

namespace MhAll.Panel.Domain.Payments;

/// <summary>
/// An amount of money in whole pence: what is stored, added and compared. Pounds appear only when an amount is
/// shown or exported (<see cref="ToPounds"/>), so no sum ever picks up a floating-point error.
/// </summary>
public readonly record struct Pence(long Value) : IComparable<Pence>
{
    public static readonly Pence Zero = new(0);

    public static Pence FromPounds(long pounds, int pence = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pence);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pence, 99);
        return new(checked(pounds * 100 + (pounds < 0 ? -pence : pence)));
    }

    public static Pence operator +(Pence a, Pence b) => new(checked(a.Value + b.Value));
    public static Pence operator -(Pence a, Pence b) => new(checked(a.Value - b.Value));
    public static Pence operator *(Pence a, long times) => new(checked(a.Value * times));
    public static bool operator <(Pence a, Pence b) => a.Value < b.Value;
    public static bool operator >(Pence a, Pence b) => a.Value > b.Value;
    public static bool operator <=(Pence a, Pence b) => a.Value <= b.Value;
    public static bool operator >=(Pence a, Pence b) => a.Value >= b.Value;

    public int CompareTo(Pence other) => Value.CompareTo(other.Value);

    /// <summary>
    /// This amount × numerator / denominator, rounded to the nearest penny, halves away from zero: the one rounding
    /// rule for pro rata amounts (e.g. minutes at an hourly rate).
    /// </summary>
    public Pence Prorate(long numerator, long denominator)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(denominator);
        var product = checked(Value * numerator);
        var quotient = Math.DivRem(product, denominator, out var remainder);
        if (Math.Abs(remainder) * 2 >= denominator) quotient += Math.Sign(product);
        return new(quotient);
    }

    /// <summary>Pounds with two decimals and no symbol or separators ("1234.50", "-0.05"): the export format.</summary>
    public string ToPounds() =>
        string.Create(CultureInfo.InvariantCulture, $"{(Value < 0 ? "-" : "")}{Math.Abs(Value) / 100}.{Math.Abs(Value) % 100:00}");

    public override string ToString() => "£" + ToPounds();
}

public static class PenceSums
{
    public static Pence Sum(this IEnumerable<Pence> amounts) => amounts.Aggregate(Pence.Zero, (total, p) => total + p);
}
