using System.Runtime.InteropServices;
using SimdOpt.Kernels;

namespace SimdOpt.Precision;

/// <summary>The argument checks every codec makes before it writes anything.</summary>
internal static class CodecArguments
{
    /// <summary>Throws unless <paramref name="length"/> equals <paramref name="expected"/>.</summary>
    /// <exception cref="ArgumentException">The lengths differ; names <paramref name="argument"/>.</exception>
    public static void SameLength(int length, int expected, string argument, string sourceName = "source")
    {
        if (length != expected)
            throw new ArgumentException(
                $"{argument} has {length} elements, but {sourceName} has {expected}: they must be the same length.",
                argument);
    }

    /// <summary>Throws when <paramref name="written"/> shares memory with <paramref name="read"/>: a conversion
    /// between element sizes cannot run in place.</summary>
    /// <exception cref="ArgumentException">The spans overlap; names <paramref name="argument"/>.</exception>
    public static void Disjoint<TRead, TWritten>(ReadOnlySpan<TRead> read, Span<TWritten> written, string argument,
        string readName)
        where TRead : struct
        where TWritten : struct
    {
        if (MemoryMarshal.AsBytes(read).Overlaps(MemoryMarshal.AsBytes((ReadOnlySpan<TWritten>)written)))
            throw new ArgumentException($"{argument} overlaps {readName}: they must not share memory.", argument);
    }

    /// <summary><paramref name="path"/> resolved to an explicit width (<see cref="KernelPath.VectorT"/> as the
    /// width of <see cref="System.Numerics.Vector{T}"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="path"/> is not a defined path.</exception>
    public static KernelPath Path(KernelPath path) => KernelPaths.ResolveExplicit(path);
}
