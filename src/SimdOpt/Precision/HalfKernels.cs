using System.Runtime.CompilerServices;
using SimdOpt.Kernels;

namespace SimdOpt.Precision;

/// <summary>The conversions of <see cref="HalfCodec"/> on bit patterns: <see cref="HalfBits"/>' operations on every
/// lane (both cases computed, the right one selected), <see cref="HalfBits"/> itself for the tail.</summary>
internal static class HalfKernels
{
    public static void Widen(ReadOnlySpan<ushort> source, Span<uint> destination, KernelPath path) =>
        ElementLoop.Run(source, destination, new WidenConversion(), path);

    public static void Narrow(ReadOnlySpan<uint> source, Span<ushort> destination, KernelPath path) =>
        ElementLoop.Run(source, destination, new NarrowConversion(), path);

    private readonly struct WidenConversion : IConversion<ushort, uint>
    {
        public uint Scalar(ushort value, nuint index) => HalfBits.Widen(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Vector<TLanes>(ref ushort source, ref uint destination, nuint index)
            where TLanes : struct, ILanes<TLanes>
        {
            var h = TLanes.LoadWidened(ref source, index);
            var sign = (h & TLanes.Create(0x8000)) << 16;
            var magnitude = h & TLanes.Create(0x7FFF);
            var finite = MiniFloat.Decode(magnitude, HalfBits.MantissaBits, HalfBits.Bias);
            var quiet = TLanes.GreaterThan(magnitude, TLanes.Create(HalfBits.Infinity)) & TLanes.Create(0x0040_0000);
            var special = TLanes.Create(0x7F80_0000u) | (magnitude << 13) | quiet;
            (sign | TLanes.SelectGreater(magnitude, TLanes.Create(HalfBits.Infinity - 1), special, finite))
                .Store(ref destination, index);
        }
    }

    private readonly struct NarrowConversion : IConversion<uint, ushort>
    {
        public ushort Scalar(uint value, nuint index) => HalfBits.Narrow(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Vector<TLanes>(ref uint source, ref ushort destination, nuint index)
            where TLanes : struct, ILanes<TLanes>
        {
            var x = TLanes.Load(ref source, index);
            var sign = (x >>> 16) & TLanes.Create(0x8000);
            var magnitude = x & TLanes.Create(0x7FFF_FFFFu);
            var nan = TLanes.Create(0x7E00) | ((magnitude >>> 13) & TLanes.Create(0x3FF));
            var number = TLanes.Min(MiniFloat.Encode(magnitude, HalfBits.MantissaBits, HalfBits.Bias),
                TLanes.Create(HalfBits.Infinity));
            (sign | TLanes.SelectGreater(magnitude, TLanes.Create(0x7F80_0000u), nan, number))
                .StoreNarrowed(ref destination, index);
        }
    }
}
