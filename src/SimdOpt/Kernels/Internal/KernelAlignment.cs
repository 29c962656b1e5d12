using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels.Internal;

/// <summary>
/// Where generated vector loops start: after a few scalar elements, so the stores to the parameters fall on whole
/// vectors of memory and never split a cache line. Every element is computed the same way on every path, so where the
/// vector loop starts changes no bit of the result, only the speed.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class KernelAlignment
{
    /// <summary>
    /// How many elements from <paramref name="first"/> to take one at a time before a loop of
    /// <paramref name="vectorBytes"/>-byte vectors of <typeparamref name="T"/>, so that the vectors' stores to the
    /// parameters, held in <typeparamref name="TStorage"/>, are aligned (a vector of bfloat16 parameters takes half
    /// the bytes); 0 when <paramref name="length"/> is too short for it to pay.
    /// </summary>
    /// <param name="first">The first element of the parameters.</param>
    /// <param name="length">The number of elements.</param>
    /// <param name="vectorBytes">The vector's size in bytes, a power of two.</param>
    /// <typeparam name="T">The element type.</typeparam>
    /// <typeparam name="TStorage">The parameters' storage.</typeparam>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe nuint ScalarPrologue<T, TStorage>(ref T first, nuint length, nuint vectorBytes)
        where T : unmanaged
        where TStorage : struct, IElementStorage
    {
        nuint size = (nuint)TStorage.ElementSize<T>();
        vectorBytes = vectorBytes / (nuint)sizeof(T) * size;
        // A short span gains nothing from alignment and would spend a large share of its time in scalar code: below
        // 256 vectors (4K floats on Vector512) the head of up to a vector's worth of scalar elements cost AdamW more
        // (up to 100 ns a call from 256 to 4K floats) than aligned stores saved (PerCallBenchmarks,
        // docs/benchmarks.md).
        if (length < 256 * vectorBytes / size) return 0;
        // The address may move with the garbage collector; that only costs speed, never a wrong result.
        nuint misalignment = (nuint)Unsafe.AsPointer(ref first) & (vectorBytes - 1);
        if (misalignment % size != 0) return 0;
        return ((vectorBytes - misalignment) & (vectorBytes - 1)) / size;
    }
}
