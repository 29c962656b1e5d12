using System.Runtime.CompilerServices;
using static SimdOpt.Precision.Quantized8Bits;

namespace SimdOpt.Precision;

/// <summary><see cref="Quantized8Code.SignedDynamic"/>: sign, 4 exponent bits (bias 15), 3 mantissa bits; 0x78 is
/// 1.0, 0x79 infinity, 0x7A..0x7F NaN (0x7F written).</summary>
internal readonly struct SignedDynamicCode : IQuantized8Code
{
    public const int Bias = 15;
    public const uint One = 0x78, Infinity = 0x79, NaN = 0x7F;

    /// <summary><see cref="MiniFloat.Encode{TLanes}"/>'s result for an infinite quotient: the normal rounding of
    /// infinity's bits. A property the JIT inlines and folds to a constant with its arguments, whether or not the class
    /// is initialised yet (a static readonly field is a constant only in code compiled after that: without tiered
    /// compilation the field was read, behind an initialisation check, in every iteration of the loop).</summary>
    private static uint InfinityQuotient
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => MiniFloat.Encode(FloatInfinity, MantissaBits, Bias);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte Encode(uint bits, float divisor)
    {
        uint sign = (bits >> 24) & 0x80, magnitude = bits & FloatMagnitude;
        if (magnitude >= FloatInfinity) return (byte)(sign | (magnitude == FloatInfinity ? Infinity : NaN));
        float quotient = BitConverter.UInt32BitsToSingle(magnitude) / divisor;
        return (byte)(sign | MiniFloat.Encode(BitConverter.SingleToUInt32Bits(quotient), MantissaBits, Bias));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Decode(byte code, float scale)
    {
        uint sign = (uint)(code & 0x80) << 24, magnitude = code & 0x7Fu;
        if (magnitude > One) return sign | (magnitude == Infinity ? FloatInfinity : FloatNaN);
        return sign | BitConverter.SingleToUInt32Bits(
            BitConverter.UInt32BitsToSingle(MiniFloat.Decode(magnitude, MantissaBits, Bias)) * scale);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLanes Encode<TLanes>(TLanes bits, float divisor) where TLanes : struct, ILanes<TLanes>
    {
        var sign = (bits >>> 24) & TLanes.Create(0x80);
        var magnitude = bits & TLanes.Create(FloatMagnitude);
        var code = MiniFloat.Encode(TLanes.DivideAsSingle(magnitude, divisor), MantissaBits, Bias);
        // A finite magnitude is at most the divisor (its block's largest), so its code is at most One; an infinite one
        // divides to infinity, whose code is InfinityQuotient; a NaN to a quiet NaN (IEEE division quiets it), whose
        // codes lie above that. So the specials follow from the code, with no test of the magnitude.
        return sign | TLanes.SelectGreater(code, TLanes.Create(InfinityQuotient), TLanes.Create(NaN),
            TLanes.Min(code, TLanes.Create(Infinity)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLanes Decode<TLanes>(TLanes code, float scale) where TLanes : struct, ILanes<TLanes>
    {
        var sign = (code & TLanes.Create(0x80)) << 24;
        var magnitude = code & TLanes.Create(0x7F);
        var value = TLanes.MultiplyAsSingle(MiniFloat.Decode(magnitude, MantissaBits, Bias), scale);
        var special = TLanes.SelectEqual(magnitude, TLanes.Create(Infinity), TLanes.Create(FloatInfinity),
            TLanes.Create(FloatNaN));
        return sign | TLanes.SelectGreater(magnitude, TLanes.Create(One), special, value);
    }
}
