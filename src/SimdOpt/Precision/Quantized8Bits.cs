using System.Runtime.CompilerServices;

namespace SimdOpt.Precision;

/// <summary>The scalar 8-bit codes of <see cref="Quantized8Code"/>, the reference every vector path equals.</summary>
internal static class Quantized8Bits
{
    public const int MantissaBits = 3;
    public const int SignedBias = 15;
    public const int UnsignedBias = 31;

    /// <summary>The signed code's largest magnitude, 1.0 (exponent field 15, mantissa 0), and its specials.</summary>
    public const uint SignedOne = 0x78, SignedInfinity = 0x79, SignedNaN = 0x7F;

    /// <summary>The unsigned code's 1.0 (exponent field 31, mantissa 0), and its specials.</summary>
    public const uint UnsignedOne = 0xF8, UnsignedInfinity = 0xF9, UnsignedNaN = 0xFF;

    public const uint FloatInfinity = 0x7F80_0000u, FloatNaN = 0x7FC0_0000u, FloatMagnitude = 0x7FFF_FFFFu;

    /// <summary>The magnitude of an element that enters its block's scale: its own when finite, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint FiniteMagnitude(uint bits)
    {
        uint magnitude = bits & FloatMagnitude;
        return magnitude < FloatInfinity ? magnitude : 0;
    }

    /// <summary>The divisor of a block whose scale is <paramref name="scale"/>: the scale, or 1 for a block of
    /// zeros (whose quotients are then the zeros themselves, not 0/0).</summary>
    public static float Divisor(float scale) => scale == 0 ? 1 : scale;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte EncodeSigned(uint bits, float divisor)
    {
        uint sign = (bits >> 24) & 0x80, magnitude = bits & FloatMagnitude;
        if (magnitude >= FloatInfinity) return (byte)(sign | (magnitude == FloatInfinity ? SignedInfinity : SignedNaN));
        float quotient = BitConverter.UInt32BitsToSingle(magnitude) / divisor;
        return (byte)(sign | MiniFloat.Encode(BitConverter.SingleToUInt32Bits(quotient), MantissaBits, SignedBias));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte EncodeUnsigned(uint bits, float divisor)
    {
        if (bits == FloatInfinity) return (byte)UnsignedInfinity;
        if (bits > FloatInfinity && bits != 0x8000_0000u) return (byte)UnsignedNaN;   // NaN, or below zero
        float quotient = BitConverter.UInt32BitsToSingle(bits & FloatMagnitude) / divisor;
        uint code = MiniFloat.Encode(BitConverter.SingleToUInt32Bits(quotient), MantissaBits, UnsignedBias);
        // A positive value never stores zero (see Quantized8Code.UnsignedDynamic).
        return (byte)Math.Max(code, (bits & FloatMagnitude) != 0 ? 1u : 0u);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint DecodeSigned(byte code, float scale)
    {
        uint sign = (uint)(code & 0x80) << 24, magnitude = code & 0x7Fu;
        if (magnitude > SignedOne) return sign | (magnitude == SignedInfinity ? FloatInfinity : FloatNaN);
        return sign | BitConverter.SingleToUInt32Bits(
            MiniFloat.Decode(magnitude, MantissaBits, SignedBias) * scale);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint DecodeUnsigned(byte code, float scale)
    {
        if (code > UnsignedOne) return code == UnsignedInfinity ? FloatInfinity : FloatNaN;
        return BitConverter.SingleToUInt32Bits(MiniFloat.Decode(code, MantissaBits, UnsignedBias) * scale);
    }
}
