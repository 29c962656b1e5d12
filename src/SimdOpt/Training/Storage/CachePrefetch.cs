using System.Runtime.Intrinsics.X86;

namespace SimdOpt.Training;

/// <summary>
/// Software prefetch of the next block of a staged step. A core's hardware prefetcher follows each stream only
/// within a 4 KiB page and only while the stream is being walked, so a step that widens one buffer, then another,
/// then runs the kernel over the rest keeps few misses in flight; asking for every stream's next block while the
/// current one is computed keeps them all in flight, as a fused loop over every stream would.
/// </summary>
internal static unsafe class CachePrefetch
{
    /// <summary>The bytes of a cache line.</summary>
    public const int LineBytes = 64;

    /// <summary>Asks for every cache line of <paramref name="bytes"/> to be brought into the cache: a hint, which
    /// changes no value, and does nothing on a CPU without the instruction.</summary>
    public static void Lines(ReadOnlySpan<byte> bytes)
    {
        if (!Sse.IsSupported || bytes.IsEmpty) return;
        // A prefetch never faults; were the array moved by the GC meanwhile, the hint would only be wasted.
        fixed (byte* first = bytes)
        {
            for (int i = 0; i < bytes.Length; i += LineBytes) Sse.Prefetch0(first + i);
            Sse.Prefetch0(first + bytes.Length - 1);
        }
    }
}
