using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

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

    /// <summary><c>a * b + c</c> rounded once (IEEE fusedMultiplyAdd): the language's <c>fma</c>, and what a product
    /// added to a value in a loop contracts to. Exact on every path: fused in hardware where the CPU has FMA, and in
    /// software where it has not, never as a multiply and an add (float
    /// <c>Vector128</c>/<c>256</c>/<c>512</c>: <see cref="FusedMultiplyAddEmulation"/>, in double with round-to-odd; a
    /// scalar, <see cref="Vector{T}"/> and a double vector's lanes: the runtime's fallback). The vector
    /// overloads test <c>Fma.IsSupported</c> and <c>AdvSimd.IsSupported</c> themselves, not through a property: the JIT
    /// folds those as it imports the method, so where the CPU fuses, the emulation's branch is gone before the inliner
    /// weighs the body, and the unrolled loops compile to the instructions they had before it.</summary>
    /// <param name="a">The first factor.</param>
    /// <param name="b">The second factor.</param>
    /// <param name="c">The addend.</param>
    /// <typeparam name="T">The element type.</typeparam>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T FusedMultiplyAdd<T>(T a, T b, T c) where T : unmanaged, IFloatingPointIeee754<T> =>
        T.FusedMultiplyAdd(a, b, c);

    /// <summary><see cref="FusedMultiplyAdd{T}(T, T, T)"/> of a per-step double.</summary>
    /// <param name="a">The first factor.</param>
    /// <param name="b">The second factor.</param>
    /// <param name="c">The addend.</param>
    public static double FusedMultiplyAdd(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);

    /// <summary>Element-wise <see cref="FusedMultiplyAdd{T}(T, T, T)"/>.</summary>
    /// <param name="a">The first factors.</param>
    /// <param name="b">The second factors.</param>
    /// <param name="c">The addends.</param>
    /// <typeparam name="T">The element type: float or double.</typeparam>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> FusedMultiplyAdd<T>(Vector<T> a, Vector<T> b, Vector<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            return Vector.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        return Vector.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
    }

    /// <summary>Element-wise <see cref="FusedMultiplyAdd{T}(T, T, T)"/>.</summary>
    /// <param name="a">The first factors.</param>
    /// <param name="b">The second factors.</param>
    /// <param name="c">The addends.</param>
    /// <typeparam name="T">The element type: float or double.</typeparam>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> FusedMultiplyAdd<T>(Vector128<T> a, Vector128<T> b, Vector128<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && !Fma.IsSupported && !AdvSimd.IsSupported)
            return FusedMultiplyAddEmulation.Fused(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(float))
            return Vector128.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        return Vector128.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }

    /// <summary>Element-wise <see cref="FusedMultiplyAdd{T}(T, T, T)"/>.</summary>
    /// <param name="a">The first factors.</param>
    /// <param name="b">The second factors.</param>
    /// <param name="c">The addends.</param>
    /// <typeparam name="T">The element type: float or double.</typeparam>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> FusedMultiplyAdd<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && !Fma.IsSupported && !AdvSimd.IsSupported)
            return FusedMultiplyAddEmulation.Fused(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(float))
            return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }

    /// <summary>Element-wise <see cref="FusedMultiplyAdd{T}(T, T, T)"/>.</summary>
    /// <param name="a">The first factors.</param>
    /// <param name="b">The second factors.</param>
    /// <param name="c">The addends.</param>
    /// <typeparam name="T">The element type: float or double.</typeparam>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> FusedMultiplyAdd<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && !Fma.IsSupported && !AdvSimd.IsSupported)
            return FusedMultiplyAddEmulation.Fused(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(float))
            return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }

    /// <summary>
    /// <see cref="Math.Pow"/>, bit for bit, without calling it where its result is certainly +0: a base
    /// in (0, 1) raised to an exponent <paramref name="y"/> with <c>y (1 - x) &gt; 800</c> (a bias correction's
    /// <c>beta^t</c> from step 800 / (1 - beta) on: for Adam's beta1 = 0.9, from about step 8000).
    /// </summary>
    /// <param name="x">The base.</param>
    /// <param name="y">The exponent.</param>
    /// <remarks>
    /// Since ln x &lt;= x - 1, x^y = e^(y ln x) &lt;= e^(-y (1 - x)) &lt; e^-800 &lt; 2^-1154, far below half the
    /// smallest subnormal (2^-1075), so every faithful pow rounds it to +0; the margin over 2^-1075 (e^-745) also
    /// covers the rounding of y (1 - x). The shortcut pays: once |y ln x| passes 512, glibc's pow takes its slow path
    /// for results near and below the subnormal range, about 20 ns a call instead of 12 (Intel Xeon, AVX-512), twice
    /// a step for Adam.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Pow(double x, double y) =>
        x > 0 && x < 1 && y * (1 - x) > 800 ? 0 : Math.Pow(x, y);
}
