using System.Runtime.CompilerServices;

namespace SimdOpt.Precision;

/// <summary>What the 8-bit codes share: float bit constants and the block scale's rules.</summary>
internal static class Quantized8Bits
{
    public const int MantissaBits = 3;

    public const uint FloatInfinity = 0x7F80_0000u, FloatNaN = 0x7FC0_0000u, FloatMagnitude = 0x7FFF_FFFFu;

    /// <summary>The magnitude of an element that enters its block's scale: its own when finite, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint FiniteMagnitude(uint bits)
    {
        uint magnitude = bits & FloatMagnitude;
        return magnitude < FloatInfinity ? magnitude : 0;
    }

    /// <summary><see cref="FiniteMagnitude(uint)"/> of every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLanes FiniteMagnitude<TLanes>(TLanes bits) where TLanes : struct, ILanes<TLanes>
    {
        var magnitude = bits & TLanes.Create(FloatMagnitude);
        return TLanes.SelectGreater(magnitude, TLanes.Create(FloatInfinity - 1), TLanes.Create(0),
            magnitude);
    }

    /// <summary>The divisor of a block whose scale is <paramref name="scale"/>: the scale, or 1 for a block of
    /// zeros (whose quotients are then the zeros themselves, not 0/0).</summary>
    public static float Divisor(float scale) => scale == 0 ? 1 : scale;
}

/// <summary>One <see cref="Quantized8Code"/>: its scalar reference and the same operations on lanes.</summary>
internal interface IQuantized8Code
{
    /// <summary>The code of the float with bits <paramref name="bits"/> in a block with divisor
    /// <paramref name="divisor"/>.</summary>
    static abstract byte Encode(uint bits, float divisor);

    /// <summary>The float bits of <paramref name="code"/> in a block with scale <paramref name="scale"/>.</summary>
    static abstract uint Decode(byte code, float scale);

    /// <summary><see cref="Encode(uint, float)"/> of every lane.</summary>
    static abstract TLanes Encode<TLanes>(TLanes bits, float divisor) where TLanes : struct, ILanes<TLanes>;

    /// <summary><see cref="Decode(byte, float)"/> of every lane (each lane holding one code).</summary>
    static abstract TLanes Decode<TLanes>(TLanes code, float scale) where TLanes : struct, ILanes<TLanes>;
}
