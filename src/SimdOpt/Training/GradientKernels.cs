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

    /// <summary>The path <paramref name="path"/> stands for on this machine.</summary>
    public static KernelPath Resolve(KernelPath path) => path switch
    {
        KernelPath.Auto => Vector512.IsHardwareAccelerated ? KernelPath.Vector512
            : Vector256.IsHardwareAccelerated ? KernelPath.Vector256
            : Vector128.IsHardwareAccelerated ? KernelPath.Vector128
            : KernelPath.Scalar,
        KernelPath.VectorT => Vector<byte>.Count switch
        {
            64 => KernelPath.Vector512,
            32 => KernelPath.Vector256,
            16 => KernelPath.Vector128,
            _ => KernelPath.Scalar,
        },
        _ => path,
    };

    /// <summary>The sum of <c>x[i]²</c>, in double.</summary>
    public static double SumOfSquares<T>(ReadOnlySpan<T> x, KernelPath path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<double> lanes = stackalloc double[Lanes];
        lanes.Clear();
        ref T r = ref MemoryMarshal.GetReference(x);
        int n = x.Length, i = 0;
        switch (Resolve(path))
        {
            case KernelPath.Vector512:
            {
                Vector512<double> a0 = default, a1 = default;
                for (; i + Lanes <= n; i += Lanes)
                {
                    Load512(ref r, i, out var d0, out var d1);
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
                    Load256(ref r, i, out var d0, out var d1);
                    Load256(ref r, i + 8, out var d2, out var d3);
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
                Vector128<double> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
                for (; i + Lanes <= n; i += Lanes)
                {
                    Load128(ref r, i, out var d0, out var d1);
                    Load128(ref r, i + 4, out var d2, out var d3);
                    Load128(ref r, i + 8, out var d4, out var d5);
                    Load128(ref r, i + 12, out var d6, out var d7);
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
            double d = double.CreateTruncating(Unsafe.Add(ref r, i));
            lanes[i % Lanes] += d * d;
        }
        double sum = 0;
        foreach (double lane in lanes) sum += lane;
        return sum;
    }

    /// <summary>The largest <c>|x[i]|</c> in double; NaN when any element is NaN; 0 for no elements.</summary>
    public static double MaxAbs<T>(ReadOnlySpan<T> x, KernelPath path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T r = ref MemoryMarshal.GetReference(x);
        int n = x.Length, i = 0;
        T max = T.Zero;
        // Max propagates NaN and is exact, so neither the lane layout nor the order matters.
        switch (Resolve(path))
        {
            case KernelPath.Vector512:
            {
                var m = Vector512<T>.Zero;
                for (; i + Vector512<T>.Count <= n; i += Vector512<T>.Count) m = Vector512.Max(m, Vector512.Abs(Vector512.LoadUnsafe(ref r, (nuint)i)));
                for (int k = 0; k < Vector512<T>.Count; k++) max = T.Max(max, m[k]);
                break;
            }
            case KernelPath.Vector256:
            {
                var m = Vector256<T>.Zero;
                for (; i + Vector256<T>.Count <= n; i += Vector256<T>.Count) m = Vector256.Max(m, Vector256.Abs(Vector256.LoadUnsafe(ref r, (nuint)i)));
                for (int k = 0; k < Vector256<T>.Count; k++) max = T.Max(max, m[k]);
                break;
            }
            case KernelPath.Vector128:
            {
                var m = Vector128<T>.Zero;
                for (; i + Vector128<T>.Count <= n; i += Vector128<T>.Count) m = Vector128.Max(m, Vector128.Abs(Vector128.LoadUnsafe(ref r, (nuint)i)));
                for (int k = 0; k < Vector128<T>.Count; k++) max = T.Max(max, m[k]);
                break;
            }
        }
        for (; i < n; i++) max = T.Max(max, T.Abs(Unsafe.Add(ref r, i)));
        return double.CreateTruncating(max);
    }

    /// <summary><c>x[i] *= factor</c>.</summary>
    public static void Scale<T>(Span<T> x, T factor, KernelPath path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T r = ref MemoryMarshal.GetReference(x);
        int n = x.Length, i = 0;
        switch (Resolve(path))
        {
            case KernelPath.Vector512:
                for (var f = Vector512.Create(factor); i + Vector512<T>.Count <= n; i += Vector512<T>.Count)
                    (Vector512.LoadUnsafe(ref r, (nuint)i) * f).StoreUnsafe(ref r, (nuint)i);
                break;
            case KernelPath.Vector256:
                for (var f = Vector256.Create(factor); i + Vector256<T>.Count <= n; i += Vector256<T>.Count)
                    (Vector256.LoadUnsafe(ref r, (nuint)i) * f).StoreUnsafe(ref r, (nuint)i);
                break;
            case KernelPath.Vector128:
                for (var f = Vector128.Create(factor); i + Vector128<T>.Count <= n; i += Vector128<T>.Count)
                    (Vector128.LoadUnsafe(ref r, (nuint)i) * f).StoreUnsafe(ref r, (nuint)i);
                break;
        }
        for (; i < n; i++) Unsafe.Add(ref r, i) *= factor;
    }

    /// <summary><c>x[i] = min(max(x[i], -limit), limit)</c>, NaN staying NaN (torch's <c>clamp_</c>).</summary>
    public static void Clamp<T>(Span<T> x, T limit, KernelPath path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T r = ref MemoryMarshal.GetReference(x);
        int n = x.Length, i = 0;
        T low = -limit;
        switch (Resolve(path))
        {
            case KernelPath.Vector512:
                for (Vector512<T> lo = Vector512.Create(low), hi = Vector512.Create(limit); i + Vector512<T>.Count <= n; i += Vector512<T>.Count)
                    Vector512.Min(Vector512.Max(Vector512.LoadUnsafe(ref r, (nuint)i), lo), hi).StoreUnsafe(ref r, (nuint)i);
                break;
            case KernelPath.Vector256:
                for (Vector256<T> lo = Vector256.Create(low), hi = Vector256.Create(limit); i + Vector256<T>.Count <= n; i += Vector256<T>.Count)
                    Vector256.Min(Vector256.Max(Vector256.LoadUnsafe(ref r, (nuint)i), lo), hi).StoreUnsafe(ref r, (nuint)i);
                break;
            case KernelPath.Vector128:
                for (Vector128<T> lo = Vector128.Create(low), hi = Vector128.Create(limit); i + Vector128<T>.Count <= n; i += Vector128<T>.Count)
                    Vector128.Min(Vector128.Max(Vector128.LoadUnsafe(ref r, (nuint)i), lo), hi).StoreUnsafe(ref r, (nuint)i);
                break;
        }
        for (; i < n; i++) Unsafe.Add(ref r, i) = T.Min(T.Max(Unsafe.Add(ref r, i), low), limit);
    }

    /// <summary>
    /// <c>x[i] *= inverseScale</c>, and in the same pass whether any <c>x[i]</c> was infinite or NaN before
    /// (torch's <c>_amp_foreach_non_finite_check_and_unscale_</c>).
    /// </summary>
    public static bool UnscaleAndFindNonFinite<T>(Span<T> x, T inverseScale, KernelPath path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T r = ref MemoryMarshal.GetReference(x);
        int n = x.Length, i = 0;
        bool nonFinite = false;
        // v - v is 0 for a finite v and NaN for an infinite or NaN one; the running sum stays 0 until the first of those.
        switch (Resolve(path))
        {
            case KernelPath.Vector512:
            {
                var f = Vector512.Create(inverseScale);
                var seen = Vector512<T>.Zero;
                for (; i + Vector512<T>.Count <= n; i += Vector512<T>.Count)
                {
                    var v = Vector512.LoadUnsafe(ref r, (nuint)i);
                    seen += v - v;
                    (v * f).StoreUnsafe(ref r, (nuint)i);
                }
                nonFinite = !Vector512.EqualsAll(seen, seen);
                break;
            }
            case KernelPath.Vector256:
            {
                var f = Vector256.Create(inverseScale);
                var seen = Vector256<T>.Zero;
                for (; i + Vector256<T>.Count <= n; i += Vector256<T>.Count)
                {
                    var v = Vector256.LoadUnsafe(ref r, (nuint)i);
                    seen += v - v;
                    (v * f).StoreUnsafe(ref r, (nuint)i);
                }
                nonFinite = !Vector256.EqualsAll(seen, seen);
                break;
            }
            case KernelPath.Vector128:
            {
                var f = Vector128.Create(inverseScale);
                var seen = Vector128<T>.Zero;
                for (; i + Vector128<T>.Count <= n; i += Vector128<T>.Count)
                {
                    var v = Vector128.LoadUnsafe(ref r, (nuint)i);
                    seen += v - v;
                    (v * f).StoreUnsafe(ref r, (nuint)i);
                }
                nonFinite = !Vector128.EqualsAll(seen, seen);
                break;
            }
        }
        for (; i < n; i++)
        {
            ref T v = ref Unsafe.Add(ref r, i);
            nonFinite |= !T.IsFinite(v);
            v *= inverseScale;
        }
        return nonFinite;
    }

    // Sixteen elements from i as two vectors of eight doubles (elements i..i+7 and i+8..i+15).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Load512<T>(ref T r, int i, out Vector512<double> low, out Vector512<double> high)
    {
        if (typeof(T) == typeof(float))
        {
            (low, high) = Vector512.Widen(Vector512.LoadUnsafe(ref Unsafe.As<T, float>(ref r), (nuint)i));
        }
        else
        {
            low = Vector512.LoadUnsafe(ref Unsafe.As<T, double>(ref r), (nuint)i);
            high = Vector512.LoadUnsafe(ref Unsafe.As<T, double>(ref r), (nuint)i + 8);
        }
    }

    // Eight elements from i as two vectors of four doubles.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Load256<T>(ref T r, int i, out Vector256<double> low, out Vector256<double> high)
    {
        if (typeof(T) == typeof(float))
        {
            (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref Unsafe.As<T, float>(ref r), (nuint)i));
        }
        else
        {
            low = Vector256.LoadUnsafe(ref Unsafe.As<T, double>(ref r), (nuint)i);
            high = Vector256.LoadUnsafe(ref Unsafe.As<T, double>(ref r), (nuint)i + 4);
        }
    }

    // Four elements from i as two vectors of two doubles.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Load128<T>(ref T r, int i, out Vector128<double> low, out Vector128<double> high)
    {
        if (typeof(T) == typeof(float))
        {
            (low, high) = Vector128.Widen(Vector128.LoadUnsafe(ref Unsafe.As<T, float>(ref r), (nuint)i));
        }
        else
        {
            low = Vector128.LoadUnsafe(ref Unsafe.As<T, double>(ref r), (nuint)i);
            high = Vector128.LoadUnsafe(ref Unsafe.As<T, double>(ref r), (nuint)i + 2);
        }
    }
}
