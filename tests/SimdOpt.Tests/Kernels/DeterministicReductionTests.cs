using System.Numerics;
using SimdOpt.Kernels.Internal;

namespace SimdOpt.Tests.Kernels;

/// <summary>
/// The deterministic reduction on its own: its fixed lane layout gives the bits a plain scalar loop over the same
/// layout gives (whatever vector width the machine uses), and its sum stays within the stated bound of the exact sum
/// (docs/guarantees.md): |error| &lt;= (n / 16 + chunks + 4) * 2^-53 * sum |x|.
/// </summary>
public sealed class DeterministicReductionTests
{
    /// <summary>Lengths up to four chunks, float and double values of mixed magnitude and sign.</summary>
    public static TheoryData<int, int> Cases => new()
    {
        { 0, 1 }, { 1, 2 }, { 15, 3 }, { 17, 4 }, { 1000, 5 }, { 1025, 6 }, { 32768, 7 }, { 32769, 8 },
        { 100_003, 9 }, { 4 * 32768, 10 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sums_match_the_scalar_lane_layout_and_stay_within_the_bound_of_the_exact_sum(int length, int seed)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, length)
            .Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 9)))).ToArray();

        double sum = Reduce(values, squares: false), squares = Reduce(values, squares: true);

        Assert.Equal(BitConverter.DoubleToInt64Bits(ScalarLayout(values, squares: false)),
            BitConverter.DoubleToInt64Bits(sum));
        Assert.Equal(BitConverter.DoubleToInt64Bits(ScalarLayout(values, squares: true)),
            BitConverter.DoubleToInt64Bits(squares));
        AssertWithinBound(sum, values.Select(v => (double)v).ToArray());
        AssertWithinBound(squares, values.Select(v => (double)v * v).ToArray());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sums_of_doubles_match_the_scalar_lane_layout(int length, int seed)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, length)
            .Select(_ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-80, 81))).ToArray();

        Assert.Equal(BitConverter.DoubleToInt64Bits(ScalarLayout(values, squares: false)),
            BitConverter.DoubleToInt64Bits(Reduce(values, squares: false)));
        Assert.Equal(BitConverter.DoubleToInt64Bits(ScalarLayout(values, squares: true)),
            BitConverter.DoubleToInt64Bits(Reduce(values, squares: true)));
    }

    [Fact]
    public void The_largest_magnitude_is_exact_and_NaN_wins()
    {
        float[] values = [1, -7, 3, float.NegativeInfinity, 2];
        Assert.Equal(double.PositiveInfinity, MaxAbs(values));
        Assert.Equal(7, MaxAbs([1, -7, 3, 0, -0f]));
        Assert.True(double.IsNaN(MaxAbs([1, float.NaN, float.PositiveInfinity, 5])));
        Assert.Equal(0, MaxAbs([]));
    }

    // The reduction as generated code drives it: blocks into lanes, lanes folded per chunk, chunks added in order.
    private static double Reduce<T>(T[] values, bool squares) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double total = 0;
        for (int chunk = 0; chunk < values.Length; chunk += DeterministicReduction.ChunkLength)
        {
            var lanes = default(ReductionLanes);
            int end = Math.Min(values.Length, chunk + DeterministicReduction.ChunkLength);
            for (int start = chunk; start < end; start += DeterministicReduction.BlockLength)
            {
                var block = values.AsSpan(start, Math.Min(DeterministicReduction.BlockLength, end - start));
                if (squares) DeterministicReduction.AddSquares<T>(ref lanes, block);
                else DeterministicReduction.AddSum<T>(ref lanes, block);
            }
            total += DeterministicReduction.FoldSum(ref lanes);
        }
        return total;
    }

    private static double MaxAbs(float[] values)
    {
        var lanes = default(ReductionLanes);
        DeterministicReduction.MaxAbs<float>(ref lanes, values);
        return DeterministicReduction.FoldMax(ref lanes);
    }

    // The documented layout written out with scalars only: lane j % 16 of each chunk, a pairwise tree, chunks in order.
    private static double ScalarLayout<T>(T[] values, bool squares) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double total = 0;
        for (int chunk = 0; chunk < values.Length; chunk += DeterministicReduction.ChunkLength)
        {
            var lanes = new double[16];
            for (int j = chunk; j < Math.Min(values.Length, chunk + DeterministicReduction.ChunkLength); j++)
            {
                double x = double.CreateTruncating(values[j]);
                lanes[(j - chunk) % 16] += squares ? x * x : x;
            }
            for (int width = 8; width >= 1; width /= 2)
                for (int k = 0; k < width; k++) lanes[k] = lanes[2 * k] + lanes[2 * k + 1];
            total += lanes[0];
        }
        return total;
    }

    private static void AssertWithinBound(double actual, double[] terms)
    {
        // A double-double (TwoSum) accumulation: exact to about 2^-106 of the sum of magnitudes, far inside the bound.
        double hi = 0, lo = 0;
        foreach (double x in terms)
        {
            double s = hi + x, bp = s - hi;
            lo += (hi - (s - bp)) + (x - bp);
            hi = s;
        }
        double exact = hi + lo;
        double magnitude = terms.Sum(Math.Abs);
        int chunks = (terms.Length + DeterministicReduction.ChunkLength - 1) / DeterministicReduction.ChunkLength;
        double bound = (terms.Length / 16.0 + chunks + 4) * Math.Pow(2, -53) * magnitude;
        Assert.True(Math.Abs(actual - exact) <= bound,
            $"error {Math.Abs(actual - exact):E3} above the bound {bound:E3} (n = {terms.Length})");
    }
}
