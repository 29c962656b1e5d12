using SimdOpt.Kernels;

namespace SimdOpt.Precision;

/// <summary>The loops of <see cref="BFloat16Codec"/> on bit patterns, one per path.</summary>
internal static class BFloat16Kernels
{
    public static void Widen(ReadOnlySpan<ushort> source, Span<uint> destination, KernelPath path)
    {
        for (int i = 0; i < source.Length; i++) destination[i] = (uint)source[i] << 16;
    }

    public static void Narrow(ReadOnlySpan<uint> source, Span<ushort> destination, KernelPath path)
    {
        for (int i = 0; i < source.Length; i++) destination[i] = BFloat16Bits.Narrow(source[i]);
    }

    public static void NarrowStochastic(ReadOnlySpan<uint> source, Span<ushort> destination, ulong key,
        long firstIndex, KernelPath path)
    {
        for (int i = 0; i < source.Length; i++)
            destination[i] = BFloat16Bits.NarrowStochastic(source[i], CounterRandom.Bits16(key, firstIndex + i));
    }
}
