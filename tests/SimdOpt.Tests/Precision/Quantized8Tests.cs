using SimdOpt.Kernels;
using SimdOpt.Precision;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Precision;

/// <summary>The 8-bit codes: the error bound, the block scale, and the NaN rule, on every path.</summary>
public sealed class Quantized8Tests
{
    /// <summary>
    /// Values block by block, each block of one kind: ordinary magnitudes spread over many decades, a block of zeros,
    /// denormals only (in every other such block all below 2^-128), a block with an infinity or NaN among ordinary
    /// values, or one huge element among tiny ones.
    /// For the unsigned code the values are non-negative but for a few negative ones.
    /// </summary>
    public static float[] BlockValues(int length, int seed, Quantized8Code code)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int start = 0; start < length; start += Quantized8Codec.BlockSize)
        {
            int kind = random.Next(8);
            for (int i = start; i < Math.Min(length, start + Quantized8Codec.BlockSize); i++)
            {
                float x = kind switch
                {
                    0 => random.Next(2) == 0 ? 0f : -0f,
                    // In odd blocks below 2^-128, where 1 / scale would overflow (a quotient is a division).
                    1 => BitConverter.UInt32BitsToSingle((uint)random.Next(0, 0x0080_0000) >> (start / 256 % 2 * 3)),
                    2 => random.Next(40) == 0 ? Special(random) : Ordinary(random, 20),
                    3 => i == start + 17 ? 3e38f : Ordinary(random, 6) * 1e-30f,
                    _ => Ordinary(random, 12),
                };
                if (code == Quantized8Code.SignedDynamic ? random.Next(2) == 0 : random.Next(200) == 0) x = -x;
                values[i] = x;
            }
        }
        return values;
    }

    private static float Ordinary(Random random, int decades) => MathF.Pow(10, -decades * random.NextSingle());

    private static float Special(Random random) => random.Next(5) switch
    {
        0 => float.PositiveInfinity,
        1 => float.NegativeInfinity,
        2 => float.NaN,
        // A signalling NaN whose payload lies only in the lowest bit: the vector encoding tells NaN from infinity by
        // the code of the quotient, which IEEE division quiets, so this must still store the NaN code.
        3 => BitConverter.UInt32BitsToSingle(0x7F80_0001u),
        _ => 0f,
    };

    public static TheoryData<Quantized8Code, KernelPath> CodesAndPaths()
    {
        var data = new TheoryData<Quantized8Code, KernelPath>();
        foreach (var code in Enum.GetValues<Quantized8Code>())
            foreach (var path in Enum.GetValues<KernelPath>())
                data.Add(code, path);
        return data;
    }

    private static (byte[] Codes, float[] Scales, float[] Back) RoundTrip(float[] x, Quantized8Code code,
        KernelPath path)
    {
        var codes = new byte[x.Length];
        var scales = new float[Quantized8Codec.ScaleCount(x.Length)];
        Quantized8Codec.Quantize(x, codes, scales, code, path);
        var back = new float[x.Length];
        Quantized8Codec.Dequantize(codes, scales, back, code, path);
        return (codes, scales, back);
    }

    [Theory]
    [MemberData(nameof(CodesAndPaths))]
    public void Each_scale_is_the_largest_finite_magnitude_of_its_block_which_comes_back_exactly(
        Quantized8Code code, KernelPath path)
    {
        var x = BlockValues(5000, 21, code);
        var (_, scales, back) = RoundTrip(x, code, path);
        Assert.Equal(20, scales.Length);
        for (int b = 0; b < scales.Length; b++)
        {
            var block = x.AsSpan(b * 256, Math.Min(256, x.Length - b * 256));
            float max = 0;
            int at = -1;
            for (int i = 0; i < block.Length; i++)
                if (float.IsFinite(block[i]) && MathF.Abs(block[i]) > max) (max, at) = (MathF.Abs(block[i]), i);
            Assert.Equal(BitConverter.SingleToUInt32Bits(max), BitConverter.SingleToUInt32Bits(scales[b]));
            if (at >= 0 && (code == Quantized8Code.SignedDynamic || block[at] > 0))
                Assert.Equal(block[at], back[b * 256 + at]);
        }
    }

    [Theory]
    [MemberData(nameof(CodesAndPaths))]
    public void The_round_trip_error_is_within_the_stated_bound(Quantized8Code code, KernelPath path)
    {
        var x = BlockValues(50_000, 22, code);
        var (_, scales, back) = RoundTrip(x, code, path);
        // Normal codes: relative error 2^-4 (half a step of 3 mantissa bits), plus the division's and the
        // multiplication's roundings; below the normal range, half the subnormal step of the scale.
        double floor = code == Quantized8Code.SignedDynamic ? Math.Pow(2, -18) : Math.Pow(2, -33);
        for (int i = 0; i < x.Length; i++)
        {
            if (!float.IsFinite(x[i]) || (code == Quantized8Code.UnsignedDynamic && x[i] < 0)) continue;
            double scale = scales[i / 256];
            double error = Math.Abs((double)back[i] - x[i]);
            double bound = Math.Max(Math.Abs(x[i]) * (1.0 / 16) * (1 + 1e-6), floor * scale * (1 + 1e-6))
                + 2 * Math.Pow(2, -149);
            Assert.True(error <= bound,
                $"element {i}: x = {x[i]:R}, back = {back[i]:R}, scale = {scale:R}, error {error:R} > {bound:R}");
            Assert.Equal(float.IsNegative(x[i]) && code == Quantized8Code.SignedDynamic, float.IsNegative(back[i]));
        }
    }

    [Theory]
    [MemberData(nameof(CodesAndPaths))]
    public void Infinities_and_NaN_keep_their_meaning_and_leave_the_rest_of_the_block_intact(Quantized8Code code,
        KernelPath path)
    {
        var x = new float[300];
        for (int i = 0; i < x.Length; i++) x[i] = (i + 1) * 0.01f;
        x[3] = float.PositiveInfinity;
        x[100] = float.NaN;
        x[101] = BitConverter.UInt32BitsToSingle(0x7F80_0001u);   // signalling, one payload bit: not infinity
        x[299] = float.NaN;   // the whole second block but this element is finite
        if (code == Quantized8Code.SignedDynamic) x[7] = float.NegativeInfinity;
        var (_, scales, back) = RoundTrip(x, code, path);
        Assert.Equal(x[255], scales[0]);   // the non-finite values are not the scale
        Assert.Equal(x[298], scales[1]);
        Assert.Equal(float.PositiveInfinity, back[3]);
        Assert.True(float.IsNaN(back[100]));
        Assert.True(float.IsNaN(back[101]));
        Assert.True(float.IsNaN(back[299]));
        if (code == Quantized8Code.SignedDynamic) Assert.Equal(float.NegativeInfinity, back[7]);
        for (int i = 0; i < x.Length; i++)
            if (float.IsFinite(x[i]))
                Assert.True(Math.Abs(back[i] - x[i]) <= x[i] / 16, $"element {i}: {back[i]:R} for {x[i]:R}");
    }

    [Theory]
    [MemberData(nameof(CodesAndPaths))]
    public void A_block_of_zeros_and_non_finite_values_has_scale_zero_and_comes_back_as_it_was(Quantized8Code code,
        KernelPath path)
    {
        float[] x = [0f, -0f, float.PositiveInfinity, float.NaN, 0f, float.PositiveInfinity];
        var (codes, scales, back) = RoundTrip(x, code, path);
        Assert.Equal(0f, scales[0]);
        Assert.Equal(0u, BitConverter.SingleToUInt32Bits(back[0]));
        // The signed code keeps -0; the unsigned one has no sign.
        Assert.Equal(code == Quantized8Code.SignedDynamic ? 0x8000_0000u : 0u,
            BitConverter.SingleToUInt32Bits(back[1]));
        Assert.Equal(float.PositiveInfinity, back[2]);
        Assert.True(float.IsNaN(back[3]));
        Assert.Equal(float.PositiveInfinity, back[5]);
        Assert.Equal(code == Quantized8Code.SignedDynamic ? 0x80 : 0x00, codes[1]);
    }

    [Theory]
    [MemberData(nameof(CodesAndPaths))]
    public void Denormal_blocks_keep_their_relative_precision(Quantized8Code code, KernelPath path)
    {
        // Blockwise scaling makes a block of float denormals as precise as any other block: the first block's largest
        // is above 2^-128, the second's below, where 1 / scale overflows (a quotient must be a division there).
        var x = new float[512];
        for (int i = 0; i < 256; i++) x[i] = BitConverter.UInt32BitsToSingle(0x0040_0000u + (uint)i * 1000);
        for (int i = 256; i < 512; i++) x[i] = BitConverter.UInt32BitsToSingle(0x0000_0400u + (uint)(i - 256) * 1000);
        Assert.True(float.IsInfinity(1 / x[511]));
        var (_, scales, back) = RoundTrip(x, code, path);
        Assert.Equal([x[255], x[511]], scales);
        for (int i = 0; i < x.Length; i++)
            Assert.True(Math.Abs((double)back[i] - x[i]) <= x[i] / 16.0 + Math.Pow(2, -149), $"element {i}");
        Assert.Equal(x[511], back[511]);
    }

    [Theory]
    [MemberData(nameof(CodesAndPaths))]
    public void The_unsigned_code_never_stores_a_positive_value_as_zero_and_marks_negative_ones_NaN(
        Quantized8Code code, KernelPath path)
    {
        if (code != Quantized8Code.UnsignedDynamic) return;
        float[] x = [1e30f, 1e-30f, float.Epsilon, 0f, -0f, -1f, float.NegativeInfinity, -float.Epsilon];
        var (codes, _, back) = RoundTrip(x, code, path);
        Assert.Equal(1e30f, back[0]);
        Assert.True(back[1] > 0, "1e-30 against 1e30 must not store zero");
        Assert.True(back[2] > 0, "the smallest denormal must not store zero");
        Assert.Equal(1, codes[1]);
        Assert.Equal(0u, BitConverter.SingleToUInt32Bits(back[3]));
        Assert.Equal(0u, BitConverter.SingleToUInt32Bits(back[4]));
        Assert.True(float.IsNaN(back[5]) && float.IsNaN(back[6]) && float.IsNaN(back[7]),
            "negative values are outside the unsigned code: NaN");
    }

    [Fact]
    public void The_signed_code_flushes_below_half_its_smallest_step_and_keeps_the_sign()
    {
        float[] x = [1f, 0.5f * MathF.Pow(2, -17), 0.51f * MathF.Pow(2, -17), -MathF.Pow(2, -17), -1e-9f];
        var (codes, _, back) = RoundTrip(x, Quantized8Code.SignedDynamic, KernelPath.Scalar);
        Assert.Equal([0x78, 0x00, 0x01, 0x81, 0x80], codes);
        Assert.Equal([1f, 0f, MathF.Pow(2, -17), -MathF.Pow(2, -17), -0f], back);
        Assert.True(float.IsNegative(back[4]));
    }

    [Fact]
    public void Every_code_decodes_to_a_value_that_quantizes_back_to_it()
    {
        // Both codes are a bijection between their non-special bytes and their values: no two bytes share a value.
        foreach (var code in Enum.GetValues<Quantized8Code>())
        {
            var codes = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();
            var scales = new float[1];
            var values = new float[256];
            Quantized8Codec.Dequantize(codes, [1f], values, code);
            var again = new byte[256];
            // Quantized with 1.0 present, so the scale is 1 and every value is its own quotient.
            for (int b = 0; b < 256; b++)
            {
                float[] pair = [values[b], 1f];
                var pairCodes = new byte[2];
                Quantized8Codec.Quantize(pair, pairCodes, scales, code);
                again[b] = pairCodes[0];
            }
            for (int b = 0; b < 256; b++)
            {
                if (float.IsNaN(values[b])) Assert.True(float.IsNaN(values[again[b]]), $"{code} byte {b}");
                else Assert.Equal((byte)b, again[b]);
            }
        }
    }

    [Fact]
    public void Adam_updates_from_unsigned_second_moments_never_explode_where_a_linear_code_would()
    {
        // Adam's first step: m̂ = g and v̂ = g², so the update g / (sqrt(v̂) + eps) is ±1 (less where |g| nears eps).
        // One block of gradients over 10 decades: v̂ spans 20. A linear 8-bit code of v̂ (round(v / max · 255)) stores
        // every v̂ below max/510 as zero, and the update becomes g / eps: 10^4 and more. The unsigned code keeps v̂
        // within 2^-4 in its normal range (from 2^-30 · max), so no update there grows by more than 1 / sqrt(1 - 2^-4)
        // (1.033); below, v rounds to multiples of 2^-33 · max (at most 1.5 steps down to one: updates grow by at
        // most sqrt(3/2), 1.22) and is never stored as zero (below one step, updates only shrink).
        const double eps = 1e-8;
        var g = new float[256];
        for (int i = 0; i < g.Length; i++) g[i] = (i % 2 == 0 ? 1 : -1) * MathF.Pow(10, -10f * i / (g.Length - 1));
        var v = g.Select(x => x * x).ToArray();
        var (_, scales, stored) = RoundTrip(v, Quantized8Code.UnsignedDynamic, KernelPath.Auto);
        float max = scales[0];
        int linearExplosions = 0;
        for (int i = 0; i < g.Length; i++)
        {
            double exact = g[i] / (Math.Sqrt(v[i]) + eps);
            double quantized = g[i] / (Math.Sqrt(stored[i]) + eps);
            bool normal = v[i] >= Math.Pow(2, -30) * max;
            Assert.True(Math.Abs(quantized) <= Math.Abs(exact) * (normal ? 1.0329 : 1.2248),
                $"element {i}: g = {g[i]:R}, update {quantized:R} against {exact:R}");
            Assert.Equal(Math.Sign(exact), Math.Sign(quantized));
            if (normal) Assert.True(Math.Abs(quantized) >= Math.Abs(exact) / 1.0329, $"element {i}");
            double linear = Math.Round(v[i] / max * 255) * max / 255;
            if (Math.Abs(g[i] / (Math.Sqrt(linear) + eps)) > 1000) linearExplosions++;
        }
        Assert.True(linearExplosions > 80, $"{linearExplosions} linear-code updates beyond 1000");
    }

    [Fact]
    public void Scale_counts_round_up_to_whole_blocks()
    {
        Assert.Equal(0, Quantized8Codec.ScaleCount(0));
        Assert.Equal(1, Quantized8Codec.ScaleCount(1));
        Assert.Equal(1, Quantized8Codec.ScaleCount(256));
        Assert.Equal(2, Quantized8Codec.ScaleCount(257));
        Assert.Equal(8_388_608, Quantized8Codec.ScaleCount(int.MaxValue));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Quantized8Codec.ScaleCount(-1));
        Assert.Equal("length", e.ParamName);
    }
}
