using System.Runtime.CompilerServices;

namespace SimdOpt.Precision;

/// <summary>
/// Scalar rounding of a non-negative float to a narrower binary floating-point format with <c>mantissaBits</c> stored
/// mantissa bits and exponent bias <c>bias</c> (IEEE binary16: 10 and 15), and back: the reference of
/// <see cref="HalfCodec"/> and <see cref="Quantized8Codec"/>, which every vector path equals. Normal results round
/// to nearest even on the integer bits; subnormal results are rounded by one float addition of a power of two whose
/// ulp is the format's subnormal step (exact IEEE arithmetic, the same on every path and CPU). Callers handle sign,
/// infinity and NaN.
/// </summary>
internal static class MiniFloat
{
    /// <summary>The format's code of the non-negative finite float with bits <paramref name="magnitude"/>: may exceed
    /// the format's largest finite code when the value is beyond its range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Encode(uint magnitude, int mantissaBits, int bias)
    {
        int shift = 23 - mantissaBits;
        if (magnitude >= MinNormalBits(bias))
        {
            uint rounded = magnitude + ((1u << (shift - 1)) - 1) + ((magnitude >> shift) & 1);
            return (rounded >> shift) - ((uint)(127 - bias) << mantissaBits);
        }
        float magic = SubnormalMagic(mantissaBits, bias);
        return BitConverter.SingleToUInt32Bits(BitConverter.UInt32BitsToSingle(magnitude) + magic)
            - BitConverter.SingleToUInt32Bits(magic);
    }

    /// <summary>The non-negative finite value of <paramref name="code"/>: the code's bits moved into a float's place,
    /// then scaled by an exact power of two (which also normalizes the format's subnormals).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Decode(uint code, int mantissaBits, int bias) =>
        BitConverter.UInt32BitsToSingle(code << (23 - mantissaBits)) * DecodeScale(bias);

    /// <summary><see cref="Encode(uint, int, int)"/> of every lane: the same operations, both cases computed and the
    /// right one selected.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLanes Encode<TLanes>(TLanes magnitude, int mantissaBits, int bias)
        where TLanes : struct, ILanes<TLanes>
    {
        int shift = 23 - mantissaBits;
        var rounded = magnitude + TLanes.Create((1u << (shift - 1)) - 1) + ((magnitude >>> shift) & TLanes.Create(1));
        var normal = (rounded >>> shift) - TLanes.Create((uint)(127 - bias) << mantissaBits);
        float magic = SubnormalMagic(mantissaBits, bias);
        var subnormal = TLanes.AddAsSingle(magnitude, magic) - TLanes.Create(BitConverter.SingleToUInt32Bits(magic));
        return TLanes.Select(TLanes.GreaterThan(magnitude, TLanes.Create(MinNormalBits(bias) - 1)), normal, subnormal);
    }

    /// <summary><see cref="Decode(uint, int, int)"/> of every lane, as float bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLanes Decode<TLanes>(TLanes code, int mantissaBits, int bias)
        where TLanes : struct, ILanes<TLanes> =>
        TLanes.MultiplyAsSingle(code << (23 - mantissaBits), DecodeScale(bias));

    /// <summary>The float bits of the format's smallest normal value, 2^(1 - bias).</summary>
    public static uint MinNormalBits(int bias) => (uint)(127 - bias + 1) << 23;

    /// <summary>2^k with ulp(2^k) = 2^(1 - bias - mantissaBits), the format's subnormal step: adding it rounds a
    /// subnormal magnitude to that step, and the code is what the addition leaves in the low bits.</summary>
    public static float SubnormalMagic(int mantissaBits, int bias) =>
        BitConverter.UInt32BitsToSingle((uint)(127 + 1 - bias - mantissaBits + 23) << 23);

    /// <summary>2^(127 - bias): turns a code read as float bits into its value.</summary>
    public static float DecodeScale(int bias) => BitConverter.UInt32BitsToSingle((uint)(127 + 127 - bias) << 23);
}
