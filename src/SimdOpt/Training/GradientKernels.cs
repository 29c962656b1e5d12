using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SimdOpt.Kernels;

namespace SimdOpt.Training;

/// <summary>
/// The vectorized gradient passes of clipping and loss scaling. Every path gives the same bits: element-wise passes
/// trivially, and the sum of squares because it always adds element <c>i</c> into lane <c>i mod 16</c> of sixteen
/// double accumulators, in element order, and sums the lanes in lane order at the end, whatever the vector width.
/// Squares of floats are exact in double; squares of doubles are rounded, never fused into a multiply-add.
/// </summary>
internal static class GradientKernels
{
    private const int Lanes = 16;

    /// <summary>The sum of <c>x[i]²</c>, in double.</summary>
    public static double SumOfSquares<T>(ReadOnlySpan<T> x, KernelPath path)
        where T : unmanaged, IFloatingPointIeee754<T> => SumOfSquares(x, T.One, path);

    /// <summary>The sum of <c>(x[i] * factor)²</c>, in double, each product rounded to <typeparamref name="T"/> first:
    /// the sum of squares of the gradients <see cref="UnscaleAndFindNonFinite"/> would leave, without writing them.
    /// </summary>
    public static double SumOfSquares<T>(ReadOnlySpan<T> x, T factor, KernelPath path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<double> lanes = stackalloc double[Lanes];
        lanes.Clear();
        ref T r = ref MemoryMarshal.GetReference(x);
        int n = x.Length, i = 0;
        switch (KernelPaths.ResolveExplicit(path))
        {
            case KernelPath.Vector512:
                {
                    Vector512<double> a0 = default, a1 = default;
                    for (; i + Lanes <= n; i += Lanes)
                    {
                        Load512(ref r, i, factor, out var d0, out var d1);
                        a0 += d0 * d0;
                        a1 += d1 * d1;
                    }
                    a0.CopyTo(lanes);
                    a1.CopyTo(lanes[8..]);
                    break;
                }
            case KernelPath.Vector256:
                {
                    Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default;
                    for (; i + Lanes <= n; i += Lanes)
                    {
                        Load256(ref r, i, factor, out var d0, out var d1);
                        Load256(ref r, i + 8, factor, out var d2, out var d3);
                        a0 += d0 * d0;
                        a1 += d1 * d1;
                        a2 += d2 * d2;
                        a3 += d3 * d3;
                    }
                    a0.CopyTo(lanes);
                    a1.CopyTo(lanes[4..]);
                    a2.CopyTo(lanes[8..]);
                    a3.CopyTo(lanes[12..]);
                    break;
                }
            case KernelPath.Vector128:
                {
                    Vector128<double> a0 = default, a1 = default, a2 = default, a3 = default,
                        a4 = default, a5 = default, a6 = default, a7 = default;
                    for (; i + Lanes <= n; i += Lanes)
                    {
                        Load128(ref r, i, factor, out var d0, out var d1);
                        Load128(ref r, i + 4, factor, out var d2, out var d3);
                        Load128(ref r, i + 8, factor, out var d4, out var d5);
                        Load128(ref r, i + 12, factor, out var d6, out var d7);
                        a0 += d0 * d0;
                        a1 += d1 * d1;
                        a2 += d2 * d2;
                        a3 += d3 * d3;
                        a4 += d4 * d4;
                        a5 += d5 * d5;
                        a6 += d6 * d6;
                        a7 += d7 * d7;
                    }
                    a0.CopyTo(lanes);
                    a1.CopyTo(lanes[2..]);
                    a2.CopyTo(lanes[4..]);
                    a3.CopyTo(lanes[6..]);
                    a4.CopyTo(lanes[8..]);
                    a5.CopyTo(lanes[10..]);
                    a6.CopyTo(lanes[12..]);
                    a7.CopyTo(lanes[14..]);
                    break;
                }
        }
        for (; i < n; i++)
        {
            double d = double.CreateTruncating(Unsafe.Add(ref r, i) * factor);
            lanes[i % Lanes] += d * d;
        }
        double sum = 0;
        foreach (double lane in lanes) sum += lane;
        return sum;
    }

    /// <summary>The largest <c>|x[i]|</c> in double; NaN when any element is NaN; 0 for no elements.</summary>
    public static double MaxAbs<T>(ReadOnlySpan<T> x, KernelPath path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var max = Run(ref MemoryMarshal.GetReference(x), x.Length, new MaxAbsOperation<T>(), path, store: false);
        return double.CreateTruncating(max.Result);
    }

    /// <summary><c>x[i] *= factor</c>.</summary>
    public static void Scale<T>(Span<T> x, T factor, KernelPath path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Run(ref MemoryMarshal.GetReference(x), x.Length, new ScaleOperation<T>(factor), path, store: true);
    }

    /// <summary><c>x[i] = min(max(x[i], -limit), limit)</c>, NaN staying NaN (torch's <c>clamp_</c>).</summary>
    public static void Clamp<T>(Span<T> x, T limit, KernelPath path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Run(ref MemoryMarshal.GetReference(x), x.Length, new ClampOperation<T>(limit), path, store: true);
    }

    /// <summary>Whether any <c>x[i] * inverseScale</c> is infinite or NaN; reads, never writes.</summary>
    public static bool FindNonFinite<T>(ReadOnlySpan<T> x, T inverseScale, KernelPath path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        return Run(ref MemoryMarshal.GetReference(x), x.Length, new UnscaleOperation<T>(inverseScale), path,
            store: false).FoundNonFinite;
    }

    /// <summary>
    /// <c>x[i] *= inverseScale</c>, and in the same pass whether any <c>x[i]</c> was infinite or NaN before
    /// (torch's <c>_amp_foreach_non_finite_check_and_unscale_</c>).
    /// </summary>
    public static bool UnscaleAndFindNonFinite<T>(Span<T> x, T inverseScale, KernelPath path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        return Run(ref MemoryMarshal.GetReference(x), x.Length, new UnscaleOperation<T>(inverseScale), path,
            store: true).FoundNonFinite;
    }

    /// <summary>
    /// One element-wise pass over <paramref name="length"/> elements from <paramref name="r"/>: whole vectors of the
    /// path's width, then the tail one element at a time; results are written back when <paramref name="store"/> is
    /// set. Returns the operation with whatever it accumulated.
    /// </summary>
    private static TOperation Run<T, TOperation>(ref T r, int length, TOperation operation, KernelPath path, bool store)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOperation : struct, IElementOperation<T>
    {
        nuint n = (nuint)length, i = 0;
        switch (KernelPaths.ResolveExplicit(path))
        {
            case KernelPath.Vector512:
                for (; i + (nuint)Vector512<T>.Count <= n; i += (nuint)Vector512<T>.Count)
                {
                    var result = operation.Apply(Vector512.LoadUnsafe(ref r, i));
                    if (store) result.StoreUnsafe(ref r, i);
                }
                break;
            case KernelPath.Vector256:
                for (; i + (nuint)Vector256<T>.Count <= n; i += (nuint)Vector256<T>.Count)
                {
                    var result = operation.Apply(Vector256.LoadUnsafe(ref r, i));
                    if (store) result.StoreUnsafe(ref r, i);
                }
                break;
            case KernelPath.Vector128:
                for (; i + (nuint)Vector128<T>.Count <= n; i += (nuint)Vector128<T>.Count)
                {
                    var result = operation.Apply(Vector128.LoadUnsafe(ref r, i));
                    if (store) result.StoreUnsafe(ref r, i);
                }
                break;
        }
        for (; i < n; i++)
        {
            T result = operation.Apply(Unsafe.Add(ref r, i));
            if (store) Unsafe.Add(ref r, i) = result;
        }
        return operation;
    }

    /// <summary>What an element-wise pass does to one element and to one vector of each width, the same for
    /// all.</summary>
    private interface IElementOperation<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        T Apply(T x);

        Vector128<T> Apply(Vector128<T> x);

        Vector256<T> Apply(Vector256<T> x);

        Vector512<T> Apply(Vector512<T> x);
    }

    private readonly struct ScaleOperation<T>(T factor) : IElementOperation<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T Apply(T x) => x * factor;

        public Vector128<T> Apply(Vector128<T> x) => x * factor;

        public Vector256<T> Apply(Vector256<T> x) => x * factor;

        public Vector512<T> Apply(Vector512<T> x) => x * factor;
    }

    // Min and Max propagate NaN on every path, and order -0 below +0 alike.
    private readonly struct ClampOperation<T>(T limit) : IElementOperation<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T Apply(T x) => T.Min(T.Max(x, -limit), limit);

        public Vector128<T> Apply(Vector128<T> x) =>
            Vector128.Min(Vector128.Max(x, Vector128.Create(-limit)), Vector128.Create(limit));

        public Vector256<T> Apply(Vector256<T> x) =>
            Vector256.Min(Vector256.Max(x, Vector256.Create(-limit)), Vector256.Create(limit));

        public Vector512<T> Apply(Vector512<T> x) =>
            Vector512.Min(Vector512.Max(x, Vector512.Create(-limit)), Vector512.Create(limit));
    }

    // Max propagates NaN and is exact, so neither the lane layout nor the order matters; unused widths stay zero.
    private struct MaxAbsOperation<T> : IElementOperation<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private T _max;
        private Vector128<T> _max128;
        private Vector256<T> _max256;
        private Vector512<T> _max512;

        public readonly T Result
        {
            get
            {
                T max = _max;
                for (int k = 0; k < Vector512<T>.Count; k++) max = T.Max(max, _max512[k]);
                for (int k = 0; k < Vector256<T>.Count; k++) max = T.Max(max, _max256[k]);
                for (int k = 0; k < Vector128<T>.Count; k++) max = T.Max(max, _max128[k]);
                return max;
            }
        }

        public T Apply(T x) => _max = T.Max(_max, T.Abs(x));

        public Vector128<T> Apply(Vector128<T> x) => _max128 = Vector128.Max(_max128, Vector128.Abs(x));

        public Vector256<T> Apply(Vector256<T> x) => _max256 = Vector256.Max(_max256, Vector256.Abs(x));

        public Vector512<T> Apply(Vector512<T> x) => _max512 = Vector512.Max(_max512, Vector512.Abs(x));
    }

    // v - v is 0 for a finite v and NaN for an infinite or NaN one; the running sums stay 0 until the first of those.
    // The unscaled value is the one checked: a finite gradient times a reciprocal above 1 can overflow.
    private struct UnscaleOperation<T>(T inverseScale) : IElementOperation<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private T _seen;
        private Vector128<T> _seen128;
        private Vector256<T> _seen256;
        private Vector512<T> _seen512;

        public readonly bool FoundNonFinite =>
            !T.IsFinite(_seen)
                || !Vector128.EqualsAll(_seen128, _seen128)
                || !Vector256.EqualsAll(_seen256, _seen256)
                || !Vector512.EqualsAll(_seen512, _seen512);

        public T Apply(T x)
        {
            var unscaled = x * inverseScale;
            _seen += unscaled - unscaled;
            return unscaled;
        }

        public Vector128<T> Apply(Vector128<T> x)
        {
            var unscaled = x * inverseScale;
            _seen128 += unscaled - unscaled;
            return unscaled;
        }

        public Vector256<T> Apply(Vector256<T> x)
        {
            var unscaled = x * inverseScale;
            _seen256 += unscaled - unscaled;
            return unscaled;
        }

        public Vector512<T> Apply(Vector512<T> x)
        {
            var unscaled = x * inverseScale;
            _seen512 += unscaled - unscaled;
            return unscaled;
        }
    }

    // Sixteen elements from i, each times factor in T, as two vectors of eight doubles (elements i..i+7 and
    // i+8..i+15).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Load512<T>(ref T r, int i, T factor, out Vector512<double> low, out Vector512<double> high)
    {
        if (typeof(T) == typeof(float))
        {
            (low, high) = Vector512.Widen(Vector512.LoadUnsafe(ref Unsafe.As<T, float>(ref r), (nuint)i)
                * Unsafe.As<T, float>(ref factor));
        }
        else
        {
            double f = Unsafe.As<T, double>(ref factor);
            low = Vector512.LoadUnsafe(ref Unsafe.As<T, double>(ref r), (nuint)i) * f;
            high = Vector512.LoadUnsafe(ref Unsafe.As<T, double>(ref r), (nuint)i + 8) * f;
        }
    }

    // Eight elements from i, each times factor in T, as two vectors of four doubles.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Load256<T>(ref T r, int i, T factor, out Vector256<double> low, out Vector256<double> high)
    {
        if (typeof(T) == typeof(float))
        {
            (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref Unsafe.As<T, float>(ref r), (nuint)i)
                * Unsafe.As<T, float>(ref factor));
        }
        else
        {
            double f = Unsafe.As<T, double>(ref factor);
            low = Vector256.LoadUnsafe(ref Unsafe.As<T, double>(ref r), (nuint)i) * f;
            high = Vector256.LoadUnsafe(ref Unsafe.As<T, double>(ref r), (nuint)i + 4) * f;
        }
    }

    // Four elements from i, each times factor in T, as two vectors of two doubles.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Load128<T>(ref T r, int i, T factor, out Vector128<double> low, out Vector128<double> high)
    {
        if (typeof(T) == typeof(float))
        {
            (low, high) = Vector128.Widen(Vector128.LoadUnsafe(ref Unsafe.As<T, float>(ref r), (nuint)i)
                * Unsafe.As<T, float>(ref factor));
        }
        else
        {
            double f = Unsafe.As<T, double>(ref factor);
            low = Vector128.LoadUnsafe(ref Unsafe.As<T, double>(ref r), (nuint)i) * f;
            high = Vector128.LoadUnsafe(ref Unsafe.As<T, double>(ref r), (nuint)i + 2) * f;
        }
    }
}
