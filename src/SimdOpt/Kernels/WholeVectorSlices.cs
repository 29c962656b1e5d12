namespace SimdOpt.Kernels;

/// <summary>
/// Where a span is cut into slices that threads step apart: at multiples of <see cref="Granule"/> elements, so every
/// slice but the last is whole vectors of every width and element type, and each slice starts as well aligned as the
/// span. The updates are elementwise, so slices give the bits of the whole on every path (tested); the whole-vector cut
/// keeps every thread on its vector loop rather than on a tail. The training runtime's work items, the CLI's
/// benchmark and the BenchmarkDotNet suite all cut here.
/// </summary>
public static class WholeVectorSlices
{
    /// <summary>Slices start at multiples of this many elements: one 512-bit vector of bytes, four of floats, eight of
    /// doubles.</summary>
    public const int Granule = 64;

    /// <summary>Cuts <paramref name="length"/> elements into at most <paramref name="parts"/> nearly equal slices whose
    /// starts are multiples of <see cref="Granule"/>.</summary>
    /// <param name="length">The number of elements; 0 gives one empty slice.</param>
    /// <param name="parts">The wanted number of slices, at least 1 (normally the thread count).</param>
    /// <returns>The slices, in element order, covering every element once.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative or <paramref name="parts"/>
    /// below 1.</exception>
    public static (int Start, int Length)[] Cut(int length, int parts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        int granules = (int)(((long)length + Granule - 1) / Granule);
        int count = Math.Max(1, Math.Min(parts, granules));
        var slices = new (int, int)[count];
        int start = 0;
        for (int c = 0; c < count; c++)
        {
            int end = c == count - 1 ? length : (int)Math.Min(length, (long)granules * (c + 1) / count * Granule);
            slices[c] = (start, end - start);
            start = end;
        }
        return slices;
    }
}
