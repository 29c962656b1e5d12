using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SimdOpt.Kernels.Internal;

/// <summary>
/// The one summation order of every reduction generated kernels compute (sum, mean, norm, rms, count, maxabs), fixed
/// independently of the vector width, the code path, the thread count and how the runtime cuts a tensor:
/// <list type="number">
/// <item>the tensor is cut into chunks of <see cref="ChunkLength"/> elements from its first element;</item>
/// <item>inside a chunk, element <c>j</c> is converted to double (exact) and added to lane <c>j % 16</c>, in element
/// order (a square is squared in double first, with no fused multiply-add);</item>
/// <item>a chunk's sixteen lanes are folded in a fixed pairwise tree into the chunk's partial;</item>
/// <item>the partials are added to the total in chunk order, starting from 0.</item>
/// </list>
/// Each lane is a chain of scalar double additions, so a vector that adds eight or four lanes at once gives exactly the
/// bits a scalar loop gives; the runtime steps chunks on any thread and combines their partials in chunk order. The
/// largest absolute value (<see cref="MaxAbs{T}"/>) takes the same layout, with NaN winning over every number.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class DeterministicReduction
{
    /// <summary>Accumulators per reduction: element <c>j</c> of a chunk goes to lane <c>j % Lanes</c>.</summary>
    public const int Lanes = 16;

    /// <summary>The elements a generated pass computes before it hands their values to the accumulators: a multiple of
    /// <see cref="Lanes"/>, so every block starts on lane 0.</summary>
    public const int BlockLength = 1024;

    /// <summary>The elements whose lanes are folded into one partial: the training runtime's work items
    /// (<c>WorkPartition.ChunkLength</c>) are exactly these chunks.</summary>
    public const int ChunkLength = 32 * BlockLength;

    /// <summary>Adds <paramref name="values"/> (a block starting on lane 0) to <paramref name="lanes"/>.</summary>
    /// <param name="lanes">The chunk's accumulators.</param>
    /// <param name="values">At most <see cref="BlockLength"/> values.</param>
    /// <typeparam name="T">float or double.</typeparam>
    public static void AddSum<T>(ref ReductionLanes lanes, ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T> => Add<T, Plain>(ref lanes, values);

    /// <summary>Adds the squares of <paramref name="values"/> (a block starting on lane 0), each squared in double, to
    /// <paramref name="lanes"/>.</summary>
    /// <param name="lanes">The chunk's accumulators.</param>
    /// <param name="values">At most <see cref="BlockLength"/> values.</param>
    /// <typeparam name="T">float or double.</typeparam>
    public static void AddSquares<T>(ref ReductionLanes lanes, ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T> => Add<T, Squared>(ref lanes, values);

    /// <summary>Takes into <paramref name="lanes"/> the absolute values of <paramref name="values"/> (a block starting
    /// on lane 0) where larger, or NaN.</summary>
    /// <param name="lanes">The chunk's accumulators, 0 at its start.</param>
    /// <param name="values">At most <see cref="BlockLength"/> values.</param>
    /// <typeparam name="T">float or double.</typeparam>
    public static void MaxAbs<T>(ref ReductionLanes lanes, ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int j = 0; j < values.Length; j++)
            lanes[j & (Lanes - 1)] = Max(lanes[j & (Lanes - 1)], Math.Abs(double.CreateTruncating(values[j])));
    }

    /// <summary>The sum of the sixteen lanes, in a fixed pairwise tree: ((l0 + l1) + (l2 + l3)) + ...</summary>
    /// <param name="lanes">The chunk's accumulators.</param>
    public static double FoldSum(ref ReductionLanes lanes)
    {
        Span<double> level = stackalloc double[Lanes];
        for (int k = 0; k < Lanes; k++) level[k] = lanes[k];
        for (int width = Lanes / 2; width >= 1; width /= 2)
            for (int k = 0; k < width; k++) level[k] = level[2 * k] + level[2 * k + 1];
        return level[0];
    }

    /// <summary>The largest of the sixteen lanes, or NaN when one is NaN.</summary>
    /// <param name="lanes">The chunk's accumulators.</param>
    public static double FoldMax(ref ReductionLanes lanes)
    {
        double max = lanes[0];
        for (int k = 1; k < Lanes; k++) max = Max(max, lanes[k]);
        return max;
    }

    /// <summary>The larger of two values, or NaN when either is NaN (the NaN met first wins, so the order is
    /// fixed).</summary>
    /// <param name="total">The running maximum.</param>
    /// <param name="value">The next value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Max(double total, double value) =>
        double.IsNaN(total) ? total : value > total || double.IsNaN(value) ? value : total;

    private interface ITerm
    {
        static abstract double Of(double x);

        static abstract Vector256<double> Of(Vector256<double> x);

        static abstract Vector512<double> Of(Vector512<double> x);
    }

    private readonly struct Plain : ITerm
    {
        public static double Of(double x) => x;

        public static Vector256<double> Of(Vector256<double> x) => x;

        public static Vector512<double> Of(Vector512<double> x) => x;
    }

    private readonly struct Squared : ITerm
    {
        public static double Of(double x) => x * x;

        public static Vector256<double> Of(Vector256<double> x) => x * x;

        public static Vector512<double> Of(Vector512<double> x) => x * x;
    }

    // Lane k of the accumulators (two vectors of eight lanes, or four of four) is lane k of 'lanes'; every vector add
    // is its lanes' scalar adds, so the width changes the speed, never the bits. Each lane is one chain of dependent
    // adds, so the wider path does the same chains in half the instructions (the conversions to double are most of
    // them).
    private static void Add<T, TTerm>(ref ReductionLanes lanes, ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T> where TTerm : struct, ITerm
    {
        int j = 0;
        if (values.Length >= Lanes)
        {
            if (Vector512.IsHardwareAccelerated) j = AddVectors<T, TTerm, Lanes512>(ref lanes, values);
            else if (Vector256.IsHardwareAccelerated) j = AddVectors<T, TTerm, Lanes256>(ref lanes, values);
        }
        for (; j < values.Length; j++)
            lanes[j & (Lanes - 1)] += TTerm.Of(double.CreateTruncating(values[j]));
    }

    // Every whole group of sixteen values from the start, into the accumulators; returns how many were taken.
    private static int AddVectors<T, TTerm, TAccumulators>(ref ReductionLanes lanes, ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTerm : struct, ITerm
        where TAccumulators : struct, IAccumulators<TAccumulators>
    {
        ref double l = ref lanes[0];
        var sums = TAccumulators.Load(ref l);
        int j = 0;
        if (typeof(T) == typeof(float))
        {
            ref float v = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(values));
            for (; j + Lanes <= values.Length; j += Lanes) sums.AddFloats<TTerm>(ref v, (nuint)j);
        }
        else
        {
            ref double v = ref Unsafe.As<T, double>(ref MemoryMarshal.GetReference(values));
            for (; j + Lanes <= values.Length; j += Lanes) sums.AddDoubles<TTerm>(ref v, (nuint)j);
        }
        sums.Store(ref l);
        return j;
    }

    // The sixteen lanes held in vectors of one width, for the length of a block.
    private interface IAccumulators<TSelf> where TSelf : struct, IAccumulators<TSelf>
    {
        static abstract TSelf Load(ref double lanes);

        void Store(ref double lanes);

        // Adds the terms of the sixteen values from element j, value j + k to lane k.
        void AddFloats<TTerm>(ref float values, nuint j) where TTerm : struct, ITerm;

        void AddDoubles<TTerm>(ref double values, nuint j) where TTerm : struct, ITerm;
    }

    private struct Lanes512 : IAccumulators<Lanes512>
    {
        private Vector512<double> _low, _high;

        public static Lanes512 Load(ref double lanes) =>
            new() { _low = Vector512.LoadUnsafe(ref lanes, 0), _high = Vector512.LoadUnsafe(ref lanes, 8) };

        public readonly void Store(ref double lanes)
        {
            _low.StoreUnsafe(ref lanes, 0);
            _high.StoreUnsafe(ref lanes, 8);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void AddFloats<TTerm>(ref float values, nuint j) where TTerm : struct, ITerm
        {
            var (low, high) = Vector512.Widen(Vector512.LoadUnsafe(ref values, j));
            _low += TTerm.Of(low);
            _high += TTerm.Of(high);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void AddDoubles<TTerm>(ref double values, nuint j) where TTerm : struct, ITerm
        {
            _low += TTerm.Of(Vector512.LoadUnsafe(ref values, j));
            _high += TTerm.Of(Vector512.LoadUnsafe(ref values, j + 8));
        }
    }

    private struct Lanes256 : IAccumulators<Lanes256>
    {
        private Vector256<double> _a0, _a1, _a2, _a3;

        public static Lanes256 Load(ref double lanes) => new()
        {
            _a0 = Vector256.LoadUnsafe(ref lanes, 0),
            _a1 = Vector256.LoadUnsafe(ref lanes, 4),
            _a2 = Vector256.LoadUnsafe(ref lanes, 8),
            _a3 = Vector256.LoadUnsafe(ref lanes, 12),
        };

        public readonly void Store(ref double lanes)
        {
            _a0.StoreUnsafe(ref lanes, 0);
            _a1.StoreUnsafe(ref lanes, 4);
            _a2.StoreUnsafe(ref lanes, 8);
            _a3.StoreUnsafe(ref lanes, 12);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void AddFloats<TTerm>(ref float values, nuint j) where TTerm : struct, ITerm
        {
            var (w0, w1) = Vector256.Widen(Vector256.LoadUnsafe(ref values, j));
            var (w2, w3) = Vector256.Widen(Vector256.LoadUnsafe(ref values, j + 8));
            _a0 += TTerm.Of(w0);
            _a1 += TTerm.Of(w1);
            _a2 += TTerm.Of(w2);
            _a3 += TTerm.Of(w3);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void AddDoubles<TTerm>(ref double values, nuint j) where TTerm : struct, ITerm
        {
            _a0 += TTerm.Of(Vector256.LoadUnsafe(ref values, j));
            _a1 += TTerm.Of(Vector256.LoadUnsafe(ref values, j + 4));
            _a2 += TTerm.Of(Vector256.LoadUnsafe(ref values, j + 8));
            _a3 += TTerm.Of(Vector256.LoadUnsafe(ref values, j + 12));
        }
    }
}
