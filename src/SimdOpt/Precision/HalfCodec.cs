using System.Runtime.InteropServices;
using SimdOpt.Kernels;

namespace SimdOpt.Precision;

/// <summary>
/// Converts spans between float32 and IEEE binary16 (<see cref="Half"/>), bit for bit as .NET's <c>(float)h</c> and
/// <c>(Half)x</c>: widening is exact, narrowing rounds to nearest even with subnormals, beyond ±65504 rounds to
/// infinity, and NaN stays NaN. Every path gives the same bits.
/// </summary>
public static class HalfCodec
{
    /// <summary>Widens every element of <paramref name="source"/> into <paramref name="destination"/>, exactly.
    /// </summary>
    /// <param name="source">The half values.</param>
    /// <param name="destination">Receives the float values; the same length as <paramref name="source"/>.</param>
    /// <param name="path">The code path.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the spans overlap.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="path"/> is not a defined path.</exception>
    public static void Widen(ReadOnlySpan<Half> source, Span<float> destination, KernelPath path = KernelPath.Auto)
    {
        CodecArguments.SameLength(destination.Length, source.Length, nameof(destination));
        CodecArguments.Disjoint(source, destination, nameof(destination), nameof(source));
        HalfKernels.Widen(MemoryMarshal.Cast<Half, ushort>(source), MemoryMarshal.Cast<float, uint>(destination),
            CodecArguments.Path(path));
    }

    /// <summary>Narrows every element of <paramref name="source"/> into <paramref name="destination"/>: round to
    /// nearest even, as <c>(Half)x</c>.</summary>
    /// <param name="source">The float values.</param>
    /// <param name="destination">Receives the half values; the same length as <paramref name="source"/>.</param>
    /// <param name="path">The code path.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the spans overlap.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="path"/> is not a defined path.</exception>
    public static void Narrow(ReadOnlySpan<float> source, Span<Half> destination, KernelPath path = KernelPath.Auto)
    {
        CodecArguments.SameLength(destination.Length, source.Length, nameof(destination));
        CodecArguments.Disjoint(source, destination, nameof(destination), nameof(source));
        HalfKernels.Narrow(MemoryMarshal.Cast<float, uint>(source), MemoryMarshal.Cast<Half, ushort>(destination),
            CodecArguments.Path(path));
    }
}
