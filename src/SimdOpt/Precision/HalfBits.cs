using System.Runtime.CompilerServices;

namespace SimdOpt.Precision;

/// <summary>The scalar IEEE binary16 conversions on bit patterns, the reference every vector path of
/// <see cref="HalfCodec"/> equals; they equal .NET's <c>(float)half</c> and <c>(Half)f</c> bit for bit.</summary>
internal static class HalfBits
{
    public const int MantissaBits = 10;
    public const int Bias = 15;
    public const uint Infinity = 0x7C00;

    /// <summary>float bits to half bits: round to nearest even, overflow to infinity, NaN quieted with its sign and
    /// upper payload (as .NET does).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort Narrow(uint bits)
    {
        uint sign = (bits >> 16) & 0x8000u, magnitude = bits & 0x7FFF_FFFFu;
        if (magnitude > 0x7F80_0000u) return (ushort)(sign | 0x7E00u | ((magnitude >> 13) & 0x3FFu));
        return (ushort)(sign | Math.Min(MiniFloat.Encode(magnitude, MantissaBits, Bias), Infinity));
    }

    /// <summary>half bits to float bits, exactly; NaN quieted with its sign and payload (as .NET does).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Widen(ushort bits)
    {
        uint sign = (uint)(bits & 0x8000) << 16, magnitude = bits & 0x7FFFu;
        if (magnitude >= Infinity)
            return sign | 0x7F80_0000u | (magnitude << 13) | (magnitude > Infinity ? 0x0040_0000u : 0);
        return sign | MiniFloat.Decode(magnitude, MantissaBits, Bias);
    }
}
