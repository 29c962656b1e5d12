using System.Globalization;
using System.Runtime.CompilerServices;

namespace SimdOpt.Precision;

/// <summary>
/// The bfloat16 format: the upper 16 bits of an IEEE binary32 float (1 sign bit, 8 exponent bits, 7 stored mantissa
/// bits), so it has float's range (about ±3.39e38, smallest subnormal about 9.18e-41) with about 2.4 decimal digits.
/// .NET has no such type; this one is for storage only: convert to float to compute. Widening to float is exact;
/// narrowing rounds to nearest, ties to even, as IEEE 754 (and PyTorch's <c>x.to(torch.bfloat16)</c>) do.
/// </summary>
/// <remarks>Equality and ordering follow <see cref="float"/>: the operators are IEEE comparisons (NaN is unordered,
/// -0 equals +0), <see cref="Equals(BFloat16)"/> and <see cref="CompareTo(BFloat16)"/> treat every NaN as equal to
/// every NaN and below every number, as <see cref="float.Equals(float)"/> and <see cref="float.CompareTo(float)"/>
/// do.</remarks>
public readonly struct BFloat16 : IEquatable<BFloat16>, IComparable<BFloat16>, IComparable, IFormattable
{
    private const ushort SignBit = 0x8000;
    private const ushort ExponentMask = 0x7F80;
    private const ushort MagnitudeMask = 0x7FFF;

    private readonly ushort _bits;

    private BFloat16(ushort bits) => _bits = bits;

    /// <summary>The smallest positive value, a subnormal: 2^-133 (about 9.18e-41).</summary>
    public static BFloat16 Epsilon => new(0x0001);

    /// <summary>The largest finite value: (2 - 2^-7) · 2^127 (about 3.39e38).</summary>
    public static BFloat16 MaxValue => new(0x7F7F);

    /// <summary>The most negative finite value: -(2 - 2^-7) · 2^127.</summary>
    public static BFloat16 MinValue => new(0xFF7F);

    /// <summary>The smallest positive normal value: 2^-126, float's too.</summary>
    public static BFloat16 MinNormal => new(0x0080);

    /// <summary>Positive infinity.</summary>
    public static BFloat16 PositiveInfinity => new(0x7F80);

    /// <summary>Negative infinity.</summary>
    public static BFloat16 NegativeInfinity => new(0xFF80);

    /// <summary>The positive quiet NaN <c>0x7FC0</c>.</summary>
    public static BFloat16 NaN => new(0x7FC0);

    /// <summary>Positive zero.</summary>
    public static BFloat16 Zero => new(0x0000);

    /// <summary>Negative zero.</summary>
    public static BFloat16 NegativeZero => new(0x8000);

    /// <summary>One.</summary>
    public static BFloat16 One => new(0x3F80);

    /// <summary>The value whose bit pattern is <paramref name="bits"/>.</summary>
    /// <param name="bits">The 16 bits: sign, exponent, mantissa.</param>
    public static BFloat16 FromBits(ushort bits) => new(bits);

    /// <summary>This value's bit pattern.</summary>
    public ushort ToBits() => _bits;

    /// <summary>Whether this value is NaN.</summary>
    public bool IsNaN => (_bits & MagnitudeMask) > ExponentMask;

    /// <summary>Whether this value is infinite.</summary>
    public bool IsInfinity => (_bits & MagnitudeMask) == ExponentMask;

    /// <summary>Whether this value is finite (zero, subnormal or normal).</summary>
    public bool IsFinite => (_bits & ExponentMask) != ExponentMask;

    /// <summary>Whether the sign bit is set (true for -0 and for NaNs with the sign bit).</summary>
    public bool IsNegative => (_bits & SignBit) != 0;

    /// <summary>Whether this value is ±0.</summary>
    public bool IsZero => (_bits & MagnitudeMask) == 0;

    /// <summary>Whether this value is subnormal (nonzero, with a zero exponent field).</summary>
    public bool IsSubnormal => (_bits & ExponentMask) == 0 && !IsZero;

    /// <summary>Narrows <paramref name="value"/>: round to nearest, ties to even; a NaN stays NaN (quieted, sign and
    /// upper payload kept), infinities stay infinite, and finite values beyond <see cref="MaxValue"/>'s rounding
    /// range become infinite, as IEEE 754 rounds.</summary>
    /// <param name="value">The value to narrow.</param>
    public static explicit operator BFloat16(float value) =>
        new(BFloat16Bits.Narrow(BitConverter.SingleToUInt32Bits(value)));

    /// <summary>Widens <paramref name="value"/> to float, exactly.</summary>
    /// <param name="value">The value to widen.</param>
    public static explicit operator float(BFloat16 value) => BitConverter.UInt32BitsToSingle((uint)value._bits << 16);

    /// <summary>Widens <paramref name="value"/> to double, exactly.</summary>
    /// <param name="value">The value to widen.</param>
    public static explicit operator double(BFloat16 value) => (float)value;

    /// <summary>IEEE equality: false when either is NaN; -0 equals +0.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(BFloat16 left, BFloat16 right) => (float)left == (float)right;

    /// <summary>IEEE inequality: true when either is NaN.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(BFloat16 left, BFloat16 right) => (float)left != (float)right;

    /// <summary>IEEE less-than: false when either is NaN.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator <(BFloat16 left, BFloat16 right) => (float)left < (float)right;

    /// <summary>IEEE greater-than: false when either is NaN.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator >(BFloat16 left, BFloat16 right) => (float)left > (float)right;

    /// <summary>IEEE less-or-equal: false when either is NaN.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator <=(BFloat16 left, BFloat16 right) => (float)left <= (float)right;

    /// <summary>IEEE greater-or-equal: false when either is NaN.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator >=(BFloat16 left, BFloat16 right) => (float)left >= (float)right;

    /// <summary>The value with its sign flipped (exact; a NaN's sign flips too).</summary>
    /// <param name="value">The value.</param>
    public static BFloat16 operator -(BFloat16 value) => new((ushort)(value._bits ^ SignBit));

    /// <summary>Whether <paramref name="other"/> is the same number (-0 equals +0) or both are NaN, as
    /// <see cref="float.Equals(float)"/>.</summary>
    /// <param name="other">The other value.</param>
    public bool Equals(BFloat16 other) => ((float)this).Equals((float)other);

    /// <inheritdoc cref="Equals(BFloat16)"/>
    /// <param name="obj">The other value.</param>
    public override bool Equals(object? obj) => obj is BFloat16 other && Equals(other);

    /// <summary>A hash consistent with <see cref="Equals(BFloat16)"/>.</summary>
    public override int GetHashCode() => ((float)this).GetHashCode();

    /// <summary>Orders as <see cref="float.CompareTo(float)"/>: NaN below every number, -0 equal to +0.</summary>
    /// <param name="other">The other value.</param>
    public int CompareTo(BFloat16 other) => ((float)this).CompareTo((float)other);

    /// <summary>Orders as <see cref="CompareTo(BFloat16)"/>; every <see cref="BFloat16"/> is above null.</summary>
    /// <param name="obj">A <see cref="BFloat16"/> or null.</param>
    /// <exception cref="ArgumentException"><paramref name="obj"/> is neither null nor a <see cref="BFloat16"/>.
    /// </exception>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        BFloat16 other => CompareTo(other),
        _ => throw new ArgumentException("The object to compare with is not a BFloat16.", nameof(obj)),
    };

    /// <summary>The exact value as the shortest float text that reads back as it, in the invariant culture.</summary>
    public override string ToString() => ((float)this).ToString(CultureInfo.InvariantCulture);

    /// <summary>The exact value formatted as a float.</summary>
    /// <param name="format">A float format string, or null.</param>
    /// <param name="formatProvider">The culture; null means the invariant culture.</param>
    public string ToString(string? format, IFormatProvider? formatProvider) =>
        ((float)this).ToString(format, formatProvider ?? CultureInfo.InvariantCulture);
}

/// <summary>The scalar bfloat16 conversions on bit patterns, the reference every vector path equals.</summary>
internal static class BFloat16Bits
{
    /// <summary>A float's quiet-NaN bit, seen from bfloat16 (the top stored mantissa bit).</summary>
    public const uint QuietBit = 0x0040;

    /// <summary>Round to nearest even: add 0x7FFF plus the lowest kept bit, then drop the low 16 bits. The carry
    /// rounds into the exponent exactly as IEEE does (the largest floats round to infinity). NaN, whose carry could
    /// reach the sign or lose the payload, is truncated and quieted instead.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort Narrow(uint bits)
    {
        if ((bits & 0x7FFF_FFFFu) > 0x7F80_0000u) return (ushort)((bits >> 16) | QuietBit);
        return (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
    }

    /// <summary>Stochastic rounding (torchao's <c>_fp32_to_bf16_sr</c>): add 16 random bits, drop the low 16. NaN is
    /// truncated and quieted, as in <see cref="Narrow"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort NarrowStochastic(uint bits, uint random16)
    {
        if ((bits & 0x7FFF_FFFFu) > 0x7F80_0000u) return (ushort)((bits >> 16) | QuietBit);
        return (ushort)((bits + random16) >> 16);
    }
}
