using System.Runtime.CompilerServices;
using static SimdOpt.Precision.Quantized8Bits;

namespace SimdOpt.Precision;

/// <summary><see cref="Quantized8Code.UnsignedDynamic"/>: 5 exponent bits (bias 31), 3 mantissa bits, no sign; 0xF8
/// is 1.0, 0xF9 infinity, 0xFA..0xFF NaN (0xFF written, also for negative values).</summary>
internal readonly struct UnsignedDynamicCode : IQuantized8Code
{
    public const int Bias = 31;
    public const uint One = 0xF8, Infinity = 0xF9, NaN = 0xFF;
    private const uint NegativeZero = 0x8000_0000u;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte Encode(uint bits, float divisor)
    {
        if (bits == FloatInfinity) return (byte)Infinity;
        if (bits > FloatInfinity && bits != NegativeZero) return (byte)NaN;   // NaN, or below zero
        uint magnitude = bits & FloatMagnitude;
        float quotient = BitConverter.UInt32BitsToSingle(magnitude) / divisor;
        uint code = MiniFloat.Encode(BitConverter.SingleToUInt32Bits(quotient), MantissaBits, Bias);
        // A positive value never stores zero (see Quantized8Code.UnsignedDynamic).
        return (byte)Math.Max(code, Math.Min(magnitude, 1u));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Decode(byte code, float scale)
    {
        if (code > One) return code == Infinity ? FloatInfinity : FloatNaN;
        return BitConverter.SingleToUInt32Bits(
            BitConverter.UInt32BitsToSingle(MiniFloat.Decode(code, MantissaBits, Bias)) * scale);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLanes Encode<TLanes>(TLanes bits, float divisor) where TLanes : struct, ILanes<TLanes>
    {
        var magnitude = bits & TLanes.Create(FloatMagnitude);
        var code = MiniFloat.Encode(TLanes.DivideAsSingle(magnitude, divisor), MantissaBits, Bias);
        code = TLanes.Max(code, TLanes.Min(magnitude, TLanes.Create(1)));
        var outside = TLanes.GreaterThan(bits, TLanes.Create(FloatInfinity)) &
            ~TLanes.Equal(bits, TLanes.Create(NegativeZero));
        code = TLanes.Select(outside, TLanes.Create(NaN), code);
        return TLanes.SelectEqual(bits, TLanes.Create(FloatInfinity), TLanes.Create(Infinity), code);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLanes Decode<TLanes>(TLanes code, float scale) where TLanes : struct, ILanes<TLanes>
    {
        var value = TLanes.MultiplyAsSingle(MiniFloat.Decode(code, MantissaBits, Bias), scale);
        var special = TLanes.SelectEqual(code, TLanes.Create(Infinity), TLanes.Create(FloatInfinity),
            TLanes.Create(FloatNaN));
        return TLanes.SelectGreater(code, TLanes.Create(One), special, value);
    }
}
