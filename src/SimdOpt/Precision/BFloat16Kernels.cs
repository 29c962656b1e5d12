using System.Runtime.CompilerServices;
using SimdOpt.Kernels;

namespace SimdOpt.Precision;

/// <summary>The conversions of <see cref="BFloat16Codec"/> on bit patterns: <see cref="BFloat16Bits"/>' operations
/// on every lane, <see cref="BFloat16Bits"/> itself for the tail.</summary>
internal static class BFloat16Kernels
{
    public static void Widen(ReadOnlySpan<ushort> source, Span<uint> destination, KernelPath path) =>
        ElementLoop.Run(source, destination, new WidenConversion(), path);

    public static void Narrow(ReadOnlySpan<uint> source, Span<ushort> destination, KernelPath path) =>
        ElementLoop.Run(source, destination, new NarrowConversion(), path);

    public static void NarrowStochastic(ReadOnlySpan<uint> source, Span<ushort> destination, ulong key,
        long firstIndex, KernelPath path) =>
        ElementLoop.Run(source, destination, new StochasticConversion(key, firstIndex), path);

    /// <summary><paramref name="rounded"/>, but where <paramref name="x"/> is NaN its truncation, quieted (as
    /// <see cref="BFloat16Bits.Narrow"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TLanes KeepNaN<TLanes>(TLanes x, TLanes rounded) where TLanes : struct, ILanes<TLanes>
    {
        return TLanes.SelectGreater(x & TLanes.Create(0x7FFF_FFFFu), TLanes.Create(0x7F80_0000u),
            (x >>> 16) | TLanes.Create(BFloat16Bits.QuietBit), rounded);
    }

    private readonly struct WidenConversion : IConversion<ushort, uint>
    {
        public uint Scalar(ushort value, nuint index) => (uint)value << 16;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Vector<TLanes>(ref ushort source, ref uint destination, nuint index)
            where TLanes : struct, ILanes<TLanes> =>
            (TLanes.LoadWidened(ref source, index) << 16).Store(ref destination, index);
    }

    private readonly struct NarrowConversion : IConversion<uint, ushort>
    {
        public ushort Scalar(uint value, nuint index) => BFloat16Bits.Narrow(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Vector<TLanes>(ref uint source, ref ushort destination, nuint index)
            where TLanes : struct, ILanes<TLanes>
        {
            var x = TLanes.Load(ref source, index);
            var rounded = (x + TLanes.Create(0x7FFF) + ((x >>> 16) & TLanes.Create(1))) >>> 16;
            KeepNaN(x, rounded).StoreNarrowed(ref destination, index);
        }
    }

    private readonly struct StochasticConversion(ulong key, long firstIndex) : IConversion<uint, ushort>
    {
        public ushort Scalar(uint value, nuint index) =>
            BFloat16Bits.NarrowStochastic(value, CounterRandom.Bits16(key, firstIndex + (long)index));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Vector<TLanes>(ref uint source, ref ushort destination, nuint index)
            where TLanes : struct, ILanes<TLanes>
        {
            var x = TLanes.Load(ref source, index);
            var rounded = (x + TLanes.Random16(key, firstIndex + (long)index)) >>> 16;
            KeepNaN(x, rounded).StoreNarrowed(ref destination, index);
        }
    }
}
