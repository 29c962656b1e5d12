using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdOpt.Kernels.Internal;

/// <summary>
/// Element functions that generated kernels call where the vector APIs have no single operation. Each overload
/// computes exactly what the scalar one does, element by element, so every path stays bit-identical.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class KernelMath
{
    /// <summary>1 for positive, -1 for negative, and the value itself for zeros and NaN (so sign(0) = 0).</summary>
    /// <param name="x">The value.</param>
    /// <typeparam name="T">The element type.</typeparam>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sign<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> =>
        x > T.Zero ? T.One : x < T.Zero ? T.Zero - T.One : x;

    /// <summary>Element-wise <see cref="Sign{T}(T)"/>.</summary>
    /// <param name="x">The values.</param>
    /// <typeparam name="T">The element type.</typeparam>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Sign<T>(Vector<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<T>.Zero), Vector<T>.One,
            Vector.ConditionalSelect(Vector.LessThan(x, Vector<T>.Zero), Vector<T>.Zero - Vector<T>.One, x));

    /// <summary>Element-wise <see cref="Sign{T}(T)"/>.</summary>
    /// <param name="x">The values.</param>
    /// <typeparam name="T">The element type.</typeparam>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Sign<T>(Vector128<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<T>.Zero), Vector128<T>.One,
            Vector128.ConditionalSelect(
                Vector128.LessThan(x, Vector128<T>.Zero), Vector128<T>.Zero - Vector128<T>.One, x));

    /// <summary>Element-wise <see cref="Sign{T}(T)"/>.</summary>
    /// <param name="x">The values.</param>
    /// <typeparam name="T">The element type.</typeparam>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Sign<T>(Vector256<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), Vector256<T>.One,
            Vector256.ConditionalSelect(
                Vector256.LessThan(x, Vector256<T>.Zero), Vector256<T>.Zero - Vector256<T>.One, x));

    /// <summary>Element-wise <see cref="Sign{T}(T)"/>.</summary>
    /// <param name="x">The values.</param>
    /// <typeparam name="T">The element type.</typeparam>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Sign<T>(Vector512<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), Vector512<T>.One,
            Vector512.ConditionalSelect(
                Vector512.LessThan(x, Vector512<T>.Zero), Vector512<T>.Zero - Vector512<T>.One, x));

    /// <summary>The sign of a per-step double, with sign(0) = 0 and NaN kept.</summary>
    /// <param name="x">The value.</param>
    public static double Sign(double x) => Sign<double>(x);
}
