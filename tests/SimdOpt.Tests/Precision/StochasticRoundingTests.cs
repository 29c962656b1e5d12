using SimdOpt.Kernels;
using SimdOpt.Precision;

namespace SimdOpt.Tests.Precision;

/// <summary>BFloat16Codec.NarrowStochastic: unbiased, keyed by (seed, step, index) alone, and NaN-safe.</summary>
public sealed class StochasticRoundingTests
{
    private static ushort[] Narrow(ReadOnlySpan<float> x, ulong seed, long step, long firstIndex,
        KernelPath path = KernelPath.Auto)
    {
        var result = new BFloat16[x.Length];
        BFloat16Codec.NarrowStochastic(x, result, seed, step, firstIndex, path);
        return result.Select(b => b.ToBits()).ToArray();
    }

    [Theory]
    [InlineData(0x3F80_0001u)]   // just above 1: rounds up with probability 2^-16
    [InlineData(0x3F80_4000u)]   // a quarter of the way
    [InlineData(0x3F80_8000u)]   // halfway
    [InlineData(0xBF80_C000u)]   // three quarters, negative
    [InlineData(0x0000_7000u)]   // a float subnormal
    public void Rounding_up_happens_as_often_as_the_distance_says(uint bits)
    {
        // n draws of one value: the count of round-ups is Binomial(n, p) with p = low 16 bits / 2^16. With the seed
        // fixed the count is fixed, so this cannot flake; the bound, 6 standard deviations, would hold for a fresh
        // seed with probability 1 - 2e-9, so it tests the stream's quality, not a lucky seed.
        const int n = 1 << 20;
        double p = (bits & 0xFFFF) / 65536.0;
        var x = new float[n];
        Array.Fill(x, BitConverter.UInt32BitsToSingle(bits));
        var result = Narrow(x, seed: 42, step: 3, firstIndex: 0);
        ushort down = (ushort)(bits >> 16);
        int ups = result.Count(b => b == down + 1);
        Assert.Equal(n, ups + result.Count(b => b == down));
        double sigma = Math.Sqrt(n * p * (1 - p));
        Assert.InRange(ups, n * p - 6 * sigma - 1, n * p + 6 * sigma + 1);
    }

    [Fact]
    public void The_mean_of_many_stochastic_roundings_is_the_float_mean()
    {
        // Values spread over many magnitudes, each rounded 64 times (64 steps): the mean of the roundings is within
        // 6 standard deviations of the value (each rounding's variance is at most step²/4).
        var random = new Random(7);
        var x = new float[4096];
        for (int i = 0; i < x.Length; i++)
            x[i] = (random.Next(2) == 0 ? 1 : -1) * MathF.Pow(2, random.Next(-20, 20) + random.NextSingle());
        var sums = new double[x.Length];
        const int steps = 64;
        for (int step = 0; step < steps; step++)
        {
            var r = Narrow(x, seed: 9, step: step, firstIndex: 0);
            for (int i = 0; i < x.Length; i++) sums[i] += (double)BFloat16.FromBits(r[i]);
        }
        double totalError = 0, totalVariance = 0;
        for (int i = 0; i < x.Length; i++)
        {
            uint bits = BitConverter.SingleToUInt32Bits(x[i]);
            double step = (double)BFloat16.FromBits((ushort)((bits >> 16) + 1))
                - (double)BFloat16.FromBits((ushort)(bits >> 16));
            totalError += sums[i] / steps - x[i];
            totalVariance += step * step / 4 / steps;
        }
        Assert.InRange(totalError, -6 * Math.Sqrt(totalVariance), 6 * Math.Sqrt(totalVariance));
        Assert.True(Math.Sqrt(totalVariance) > 0);
    }

    [Fact]
    public void The_bits_depend_only_on_seed_step_and_index_so_any_split_gives_the_same_result()
    {
        var x = CodecValues.Array(5000, seed: 11);
        var whole = Narrow(x, seed: 5, step: 12, firstIndex: 100);
        var random = new Random(13);
        for (int trial = 0; trial < 20; trial++)
        {
            var pieces = new ushort[x.Length];
            int start = 0;
            while (start < x.Length)
            {
                int length = Math.Min(x.Length - start, random.Next(1, 700));
                var path = Enum.GetValues<KernelPath>()[random.Next(6)];
                Narrow(x.AsSpan(start, length), 5, 12, 100 + start, path).CopyTo(pieces, start);
                start += length;
            }
            for (int i = 0; i < x.Length; i++)
                Assert.True(
                    whole[i] == pieces[i]
                    || (BFloat16.FromBits(whole[i]).IsNaN && BFloat16.FromBits(pieces[i]).IsNaN),
                    $"trial {trial}, element {i}");
        }
    }

    [Fact]
    public void Seed_step_and_index_each_change_the_bits()
    {
        var x = new float[4096];
        Array.Fill(x, BitConverter.UInt32BitsToSingle(0x3F80_8000u));   // halfway: each bit decides a rounding
        var baseline = Narrow(x, 1, 1, 0);
        foreach (var other in new[] { Narrow(x, 2, 1, 0), Narrow(x, 1, 2, 0), Narrow(x, 1, 1, 1) })
        {
            int differ = baseline.Zip(other).Count(p => p.First != p.Second);
            Assert.InRange(differ, 4096 / 2 - 6 * 32, 4096 / 2 + 6 * 32);   // independent: about half differ
        }
        Assert.Equal(Narrow(x, 1, 1, 0), baseline);
    }

    [Fact]
    public void Exact_values_infinities_and_NaN_are_kept()
    {
        float[] x = [1f, -2.5f, 0f, -0f, float.PositiveInfinity, float.NegativeInfinity, float.NaN,
            BitConverter.UInt32BitsToSingle(0x7F80_0001u), BitConverter.UInt32BitsToSingle(0xFF80_FFFFu)];
        foreach (var path in Enum.GetValues<KernelPath>())
            for (long step = 0; step < 50; step++)
            {
                var r = Narrow(x, 3, step, 0, path);
                Assert.Equal([0x3F80, 0xC020, 0x0000, 0x8000, 0x7F80, 0xFF80], r[..6]);
                Assert.All(r[6..], b => Assert.True(BFloat16.FromBits(b).IsNaN));
                Assert.True(BFloat16.FromBits(r[8]).IsNegative);
            }
    }
}
