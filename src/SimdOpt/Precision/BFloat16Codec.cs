using System.Runtime.InteropServices;
using SimdOpt.Kernels;

namespace SimdOpt.Precision;

/// <summary>
/// Converts spans between float32 and <see cref="BFloat16"/>. Every path gives the same bits (the conversions are
/// integer operations): widening is exact, narrowing rounds to nearest even (or stochastically), NaN stays NaN.
/// </summary>
public static class BFloat16Codec
{
    /// <summary>Widens every element of <paramref name="source"/> into <paramref name="destination"/>, exactly.
    /// </summary>
    /// <param name="source">The bfloat16 values.</param>
    /// <param name="destination">Receives the float values; the same length as <paramref name="source"/>.</param>
    /// <param name="path">The code path.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the spans overlap.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="path"/> is not a defined path.</exception>
    public static void Widen(ReadOnlySpan<BFloat16> source, Span<float> destination,
        KernelPath path = KernelPath.Auto)
    {
        CodecArguments.SameLength(destination.Length, source.Length, nameof(destination));
        CodecArguments.Disjoint(source, destination, nameof(destination), nameof(source));
        BFloat16Kernels.Widen(MemoryMarshal.Cast<BFloat16, ushort>(source),
            MemoryMarshal.Cast<float, uint>(destination), CodecArguments.Path(path));
    }

    /// <summary>Narrows every element of <paramref name="source"/> into <paramref name="destination"/>: round to
    /// nearest even, as <c>(BFloat16)x</c>.</summary>
    /// <param name="source">The float values.</param>
    /// <param name="destination">Receives the bfloat16 values; the same length as <paramref name="source"/>.</param>
    /// <param name="path">The code path.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the spans overlap.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="path"/> is not a defined path.</exception>
    public static void Narrow(ReadOnlySpan<float> source, Span<BFloat16> destination,
        KernelPath path = KernelPath.Auto)
    {
        CodecArguments.SameLength(destination.Length, source.Length, nameof(destination));
        CodecArguments.Disjoint(source, destination, nameof(destination), nameof(source));
        BFloat16Kernels.Narrow(MemoryMarshal.Cast<float, uint>(source),
            MemoryMarshal.Cast<BFloat16, ushort>(destination), CodecArguments.Path(path));
    }

    /// <summary>
    /// Narrows with stochastic rounding, as torchao's <c>_fp32_to_bf16_sr</c>: 16 random bits are added to the
    /// float's bits and the low 16 bits dropped, so a value rounds up with probability equal to its distance from the
    /// bfloat16 below it (in units of the bfloat16 step): unbiased on average. NaN stays NaN (quieted), infinities stay
    /// infinite, and the largest finite floats may round up to infinity as often as the rule says. Element <c>i</c>'s
    /// random bits depend only on (<paramref name="seed"/>, <paramref name="step"/>,
    /// <paramref name="firstIndex"/> + i): any split of a tensor into calls, any thread count and every path give the
    /// same bits (SplitMix64 read at that counter; see docs/precision.md).
    /// </summary>
    /// <param name="source">The float values.</param>
    /// <param name="destination">Receives the bfloat16 values; the same length as <paramref name="source"/>.</param>
    /// <param name="seed">The stream's seed (for example the parameter's).</param>
    /// <param name="step">The optimizer step, so every step draws fresh bits.</param>
    /// <param name="firstIndex">The index of <paramref name="source"/>'s first element in the whole tensor.</param>
    /// <param name="path">The code path.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the spans overlap.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="firstIndex"/> is negative or leaves no room for
    /// the elements' indices, or <paramref name="path"/> is not a defined path.</exception>
    public static void NarrowStochastic(ReadOnlySpan<float> source, Span<BFloat16> destination, ulong seed,
        long step, long firstIndex, KernelPath path = KernelPath.Auto)
    {
        CodecArguments.SameLength(destination.Length, source.Length, nameof(destination));
        CodecArguments.Disjoint(source, destination, nameof(destination), nameof(source));
        if (firstIndex < 0 || firstIndex > long.MaxValue - source.Length)
            throw new ArgumentOutOfRangeException(nameof(firstIndex), firstIndex,
                "The first element's index must be at least 0, and the last element's must fit in a long.");
        BFloat16Kernels.NarrowStochastic(MemoryMarshal.Cast<float, uint>(source),
            MemoryMarshal.Cast<BFloat16, ushort>(destination), CounterRandom.Key(seed, step), firstIndex,
            CodecArguments.Path(path));
    }
}
