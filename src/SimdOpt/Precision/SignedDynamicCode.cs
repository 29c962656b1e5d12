using System.Runtime.CompilerServices;
using static SimdOpt.Precision.Quantized8Bits;

namespace SimdOpt.Precision;

/// <summary><see cref="Quantized8Code.SignedDynamic"/>: sign, 4 exponent bits (bias 15), 3 mantissa bits; 0x78 is
/// 1.0, 0x79 infinity, 0x7A..0x7F NaN (0x7F written).</summary>
internal readonly struct SignedDynamicCode : IQuantized8Code
{
    public const int Bias = 15;
    public const uint One = 0x78, Infinity = 0x79, NaN = 0x7F;

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
        var special = TLanes.Select(TLanes.Equal(magnitude, TLanes.Create(FloatInfinity)), TLanes.Create(Infinity),
            TLanes.Create(NaN));
        return sign | TLanes.Select(TLanes.GreaterThan(magnitude, TLanes.Create(FloatInfinity - 1)), special, code);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLanes Decode<TLanes>(TLanes code, float scale) where TLanes : struct, ILanes<TLanes>
    {
        var sign = (code & TLanes.Create(0x80)) << 24;
        var magnitude = code & TLanes.Create(0x7F);
        var value = TLanes.MultiplyAsSingle(MiniFloat.Decode(magnitude, MantissaBits, Bias), scale);
        var special = TLanes.Select(TLanes.Equal(magnitude, TLanes.Create(Infinity)), TLanes.Create(FloatInfinity),
            TLanes.Create(FloatNaN));
        return sign | TLanes.Select(TLanes.GreaterThan(magnitude, TLanes.Create(One)), special, value);
    }
}
