using SimdOpt.Kernels;

namespace SimdOpt.Precision;

/// <summary>The loops of <see cref="HalfCodec"/> on bit patterns, one per path.</summary>
internal static class HalfKernels
{
    public static void Widen(ReadOnlySpan<ushort> source, Span<uint> destination, KernelPath path)
    {
        for (int i = 0; i < source.Length; i++) destination[i] = HalfBits.Widen(source[i]);
    }

    public static void Narrow(ReadOnlySpan<uint> source, Span<ushort> destination, KernelPath path)
    {
        for (int i = 0; i < source.Length; i++) destination[i] = HalfBits.Narrow(source[i]);
    }
}
