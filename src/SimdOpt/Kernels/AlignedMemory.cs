using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SimdOpt.Kernels;

/// <summary>
/// Memory for what a step streams through, as the library allocates its own (state buffers,
/// <c>ParameterBuffer&lt;T&gt;</c>'s values and gradients): a pinned array, so its address never moves,
/// viewed from its first element on a 64-byte boundary (a cache line, one Vector512). A vector loop over such memory
/// never splits a line in any stream, and the speed of a step no longer depends on where the garbage collector put
/// the arrays (at 16K floats that moved one AdamW step by up to 20%: docs/benchmarks.md, "Per-call cost"). Where a
/// buffer starts changes only the speed of a step, never a bit of its result.
/// </summary>
/// <remarks>
/// Buffers of at least <see cref="StaggerThresholdBytes"/> are also staggered: each starts <see cref="StaggerBytes"/>
/// further into its 4 KiB page than the one allocated before it (16 positions in turn), and the buffers of one block
/// (<see cref="Stride{T}"/>) lie that far apart too. The garbage collector starts every large array at the same place
/// in its page, so without this every stream of a step (parameters, gradients, each moment) reads and writes the same
/// offset of its page at the same moment; on the AMD Zen 3 of docs/benchmarks.md such aligned streams ran a 28-byte
/// AdamW-like loop at 16M elements 1.6 to 1.8 times slower than streams 64 to 1024 bytes apart, depending on how the
/// kernel happened to place their pages.
/// </remarks>
public static class AlignedMemory
{
    /// <summary>The alignment in bytes: a cache line, and one Vector512.</summary>
    public const int Alignment = 64;

    /// <summary>How far apart in their pages two large buffers allocated one after the other start, in bytes.</summary>
    internal const int StaggerBytes = 256;

    /// <summary>The size in bytes from which a buffer is staggered; smaller buffers stay in the caches, where the
    /// offset in a page does not matter, and are not padded for it.</summary>
    internal const int StaggerThresholdBytes = 64 * 1024;

    internal const int PageBytes = 4096;
    internal const int Positions = PageBytes / StaggerBytes;

    // The page position of the next large buffer. A process-wide turn, not a hash of the address: buffers allocated
    // together (a tensor's values, gradients and state block) then get different positions for certain.
    private static int _nextPosition;

    /// <summary>Allocates <paramref name="length"/> zeroed elements whose first element is
    /// <see cref="Alignment"/>-byte aligned, in a pinned array (unaligned only when the padding would not fit in one
    /// array), staggered as the remarks say when the buffer is large.</summary>
    /// <param name="length">The number of elements.</param>
    /// <typeparam name="T">The element type.</typeparam>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public static ArraySegment<T> Allocate<T>(int length) where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return AllocateAt<T>(length, IsStaggered<T>(length) ? NextPositions(1) : -1);
    }

    /// <summary>Allocates one block of <paramref name="count"/> buffers of <paramref name="length"/> zeroed elements
    /// each, buffer k from element <c>k * stride</c> (<see cref="Stride{T}"/>), every one aligned; a large block
    /// takes as many page positions as it holds buffers, so each buffer starts at a position of its own.</summary>
    /// <param name="length">The number of elements of each buffer.</param>
    /// <param name="count">How many buffers the block holds.</param>
    /// <param name="stride">Receives the distance between two buffers, in elements.</param>
    /// <typeparam name="T">The element type.</typeparam>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> or <paramref name="count"/> is
    /// negative, or the buffers do not fit in one array.</exception>
    public static ArraySegment<T> AllocateBlock<T>(int length, int count, out int stride) where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if ((long)count * length > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(length), length,
                $"{count} buffers of {length} elements do not fit in one array.");
        stride = Stride<T>(length, count);
        int positions = Math.Max(count, 1);
        return AllocateAt<T>(count * stride, IsStaggered<T>(stride) ? NextPositions(positions) : -1);
    }

    /// <summary>The allocation itself: the first element <see cref="StaggerBytes"/> times
    /// <paramref name="position"/> into its page, or on any 64-byte boundary where <paramref name="position"/> is
    /// negative.</summary>
    internal static unsafe ArraySegment<T> AllocateAt<T>(int length, int position) where T : unmanaged
    {
        bool staggered = position >= 0;
        int modulus = staggered ? PageBytes : Alignment;
        int padding = Math.Max(modulus / sizeof(T), 1) - 1;
        if ((long)length + padding > Array.MaxLength) return new T[length];
        var array = GC.AllocateArray<T>(length + padding, pinned: true);
        nuint address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        nuint target = staggered ? (nuint)(position % Positions * StaggerBytes) : 0;
        int start = (int)((target - address % (nuint)modulus + (nuint)modulus) % (nuint)modulus / (nuint)sizeof(T));
        return new ArraySegment<T>(array, start, length);
    }

    /// <summary><paramref name="length"/> rounded up to whole 64-byte lines, and for a large buffer further to a
    /// stride that is <see cref="StaggerBytes"/> past a whole number of pages: the stride of a block of
    /// <paramref name="count"/> buffers, so that each buffer starts aligned and, when large, staggered from the one
    /// before; the length itself where the rounded block would not fit in one array.</summary>
    /// <param name="length">The number of elements of each buffer.</param>
    /// <param name="count">How many buffers the block holds.</param>
    /// <typeparam name="T">The element type.</typeparam>
    public static int Stride<T>(int length, int count) where T : unmanaged
    {
        int perLine = PerLine<T>();
        long padded = ((long)length + perLine - 1) / perLine * perLine;
        if (IsStaggered<T>(length))
        {
            int perPage = PageBytes / SizeOf<T>(), step = StaggerBytes / SizeOf<T>();
            padded += ((step - padded % perPage) % perPage + perPage) % perPage;
        }
        return padded * Math.Max(count, 1) + PageBytes / SizeOf<T>() <= Array.MaxLength ? (int)padded : length;
    }

    private static int NextPositions(int count) =>
        (int)((uint)(Interlocked.Add(ref _nextPosition, count) - count) % Positions);

    private static bool IsStaggered<T>(long length) where T : unmanaged =>
        length * SizeOf<T>() >= StaggerThresholdBytes && SizeOf<T>() <= StaggerBytes;

    private static unsafe int SizeOf<T>() where T : unmanaged => sizeof(T);

    private static int PerLine<T>() where T : unmanaged => Math.Max(Alignment / SizeOf<T>(), 1);
}
