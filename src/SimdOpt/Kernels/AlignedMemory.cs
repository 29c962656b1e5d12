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
public static class AlignedMemory
{
    /// <summary>The alignment in bytes: a cache line, and one Vector512.</summary>
    public const int Alignment = 64;

    /// <summary>Allocates <paramref name="length"/> zeroed elements whose first element is
    /// <see cref="Alignment"/>-byte aligned, in a pinned array (unaligned only when the few elements of padding would
    /// not fit in one array).</summary>
    /// <param name="length">The number of elements.</param>
    /// <typeparam name="T">The element type.</typeparam>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public static unsafe ArraySegment<T> Allocate<T>(int length) where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        int padding = PerLine<T>() - 1;
        if ((long)length + padding > Array.MaxLength) return new T[length];
        var array = GC.AllocateArray<T>(length + padding, pinned: true);
        nuint address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        int start = (int)((Alignment - address % Alignment) % Alignment / (nuint)sizeof(T));
        return new ArraySegment<T>(array, start, length);
    }

    /// <summary><paramref name="length"/> rounded up to whole 64-byte lines: the stride of a block of
    /// <paramref name="count"/> buffers, so that each buffer starts aligned; the length itself where the rounded block
    /// would not fit in one array.</summary>
    internal static int Stride<T>(int length, int count) where T : unmanaged
    {
        int perLine = PerLine<T>();
        long padded = ((long)length + perLine - 1) / perLine * perLine;
        return padded * Math.Max(count, 1) + perLine <= Array.MaxLength ? (int)padded : length;
    }

    private static unsafe int PerLine<T>() where T : unmanaged => Math.Max(Alignment / sizeof(T), 1);
}
