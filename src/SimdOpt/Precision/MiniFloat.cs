using System.Runtime.CompilerServices;

namespace SimdOpt.Precision;

/// <summary>
/// Rounding of a non-negative float to a narrower binary floating-point format with <c>mantissaBits</c> stored
/// mantissa bits and exponent bias <c>bias</c> (IEEE binary16: 10 and 15), and back, in scalar (the reference of
/// <see cref="HalfCodec"/> and <see cref="Quantized8Codec"/>) and on lanes (the same operations, both cases computed
/// and the right one selected). Normal results round to nearest even on the integer bits; subnormal results are
/// rounded by one float addition of a power of two whose ulp is the format's subnormal step (exact IEEE arithmetic,
/// the same on every path and CPU). Callers handle sign, infinity and NaN.
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

    /// <summary><see cref="Encode(uint, int, int)"/> of every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLanes Encode<TLanes>(TLanes magnitude, int mantissaBits, int bias)
        where TLanes : struct, ILanes<TLanes>
    {
        int shift = 23 - mantissaBits;
        // The scalar form's rebias, (127 - bias) in the code's exponent, subtracted before the shift as a multiple of
        // 2^shift (one addition less): the same bits in every lane that takes the normal result, whose magnitude is at
        // least 2^(1 - bias), so the subtraction cannot wrap.
        var rounded = magnitude + TLanes.Create((1u << (shift - 1)) - 1 - RebiasBits(bias))
            + ((magnitude >>> shift) & TLanes.Create(1));
        var normal = rounded >>> shift;
        float magic = SubnormalMagic(mantissaBits, bias);
        var subnormal = TLanes.AddAsSingle(magnitude, magic) - TLanes.Create(BitConverter.SingleToUInt32Bits(magic));
        return TLanes.SelectGreater(magnitude, TLanes.Create(MinNormalBits(bias) - 1), normal, subnormal);
    }

    /// <summary>The float bits of the non-negative finite value of <paramref name="code"/>, exactly: a normal code's
    /// bits moved into a float's place with the exponent rebiased; a subnormal code's mantissa converted to float and
    /// scaled by the subnormal step. No float operation sees a subnormal operand or result (x86 takes a microcode
    /// assist of about a hundred cycles for each, whichever vector lane has it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Decode(uint code, int mantissaBits, int bias)
    {
        if (code >= 1u << mantissaBits) return (code << (23 - mantissaBits)) + RebiasBits(bias);
        return BitConverter.SingleToUInt32Bits((int)code * SubnormalStep(mantissaBits, bias));
    }

    /// <summary><see cref="Decode(uint, int, int)"/> of every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLanes Decode<TLanes>(TLanes code, int mantissaBits, int bias)
        where TLanes : struct, ILanes<TLanes>
    {
        var normal = (code << (23 - mantissaBits)) + TLanes.Create(RebiasBits(bias));
        var subnormal = TLanes.MultiplyAsSingle(TLanes.ConvertToSingle(code), SubnormalStep(mantissaBits, bias));
        return TLanes.SelectGreater(code, TLanes.Create((1u << mantissaBits) - 1), normal, subnormal);
    }

    /// <summary>The float bits of the format's smallest normal value, 2^(1 - bias).</summary>
    public static uint MinNormalBits(int bias) => (uint)(127 - bias + 1) << 23;

    /// <summary>2^k with ulp(2^k) = 2^(1 - bias - mantissaBits), the format's subnormal step: adding it rounds a
    /// subnormal magnitude to that step, and the code is what the addition leaves in the low bits.</summary>
    public static float SubnormalMagic(int mantissaBits, int bias) =>
        BitConverter.UInt32BitsToSingle((uint)(127 + 1 - bias - mantissaBits + 23) << 23);

    /// <summary>(127 - bias) in a float's exponent field: added to a normal code's shifted bits, it rebiases the
    /// exponent.</summary>
    public static uint RebiasBits(int bias) => (uint)(127 - bias) << 23;

    /// <summary>The format's subnormal step, 2^(1 - bias - mantissaBits).</summary>
    public static float SubnormalStep(int mantissaBits, int bias) =>
        BitConverter.UInt32BitsToSingle((uint)(127 + 1 - bias - mantissaBits) << 23);
}
