using SimdOpt.Kernels;
using SimdOpt.Precision;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Precision;

/// <summary>HalfCodec equals .NET's own conversions bit for bit, on every path.</summary>
public sealed class HalfCodecTests
{
    [Theory]
    [MemberData(nameof(CodecPaths.All), MemberType = typeof(CodecPaths))]
    public void Widening_every_half_equals_the_runtime_cast(KernelPath path)
    {
        var halves = new Half[65536];
        for (int b = 0; b < halves.Length; b++) halves[b] = BitConverter.UInt16BitsToHalf((ushort)b);
        var expected = halves.Select(h => (float)h).ToArray();
        var actual = new float[halves.Length];
        HalfCodec.Widen(halves, actual, path);
        // Numbers and infinities bit for bit; NaN as NaN (its payload is the hardware's, see Bits).
        Bits.SameResult<float>(expected, actual, "widened half (index = half bits)");
        for (int b = 0; b < halves.Length; b++)
            if (!Half.IsNaN(halves[b]))
                Assert.Equal(BitConverter.SingleToUInt32Bits(expected[b]), BitConverter.SingleToUInt32Bits(actual[b]));
    }

    [Theory]
    [MemberData(nameof(CodecPaths.All), MemberType = typeof(CodecPaths))]
    public void Narrowing_equals_the_runtime_cast_on_ties_subnormals_overflow_and_random_floats(KernelPath path)
    {
        var floats = CodecValues.Array(300_000, seed: 16);
        var expected = floats.Select(x => (Half)x).ToArray();
        var actual = new Half[floats.Length];
        HalfCodec.Narrow(floats, actual, path);
        for (int i = 0; i < floats.Length; i++)
        {
            ushort want = BitConverter.HalfToUInt16Bits(expected[i]), got = BitConverter.HalfToUInt16Bits(actual[i]);
            if (Half.IsNaN(expected[i])) Assert.True(Half.IsNaN(actual[i]), $"element {i}: 0x{got:X4} is not NaN");
            else
                Assert.True(want == got,
                    $"element {i}, x = {floats[i]:R} (0x{BitConverter.SingleToUInt32Bits(floats[i]):X8}): " +
                    $"got 0x{got:X4}, expected 0x{want:X4}");
        }
    }

    [Fact]
    public void Narrowing_every_float_with_a_half_value_gives_that_half()
    {
        var halves = new Half[65536];
        for (int b = 0; b < halves.Length; b++) halves[b] = BitConverter.UInt16BitsToHalf((ushort)b);
        var floats = halves.Select(h => (float)h).ToArray();
        var back = new Half[floats.Length];
        HalfCodec.Narrow(floats, back, KernelPath.Scalar);
        for (int b = 0; b < halves.Length; b++)
            if (Half.IsNaN(halves[b])) Assert.True(Half.IsNaN(back[b]));
            else Assert.Equal((ushort)b, BitConverter.HalfToUInt16Bits(back[b]));
    }

    [Theory]
    [InlineData(65504f, 0x7BFF)]            // the largest half
    [InlineData(65519.996f, 0x7BFF)]        // below the overflow threshold 65520
    [InlineData(65520f, 0x7C00)]            // the threshold is a tie to even: infinity
    [InlineData(5.9604645E-08f, 0x0001)]    // 2^-24, the smallest subnormal
    [InlineData(2.9802322E-08f, 0x0000)]    // 2^-25, halfway to it: to even, zero
    [InlineData(2.9802326E-08f, 0x0001)]    // just above halfway: up
    [InlineData(-2.9802322E-08f, 0x8000)]   // and negative: -0
    [InlineData(6.1035156E-05f, 0x0400)]    // 2^-14, the smallest normal
    public void Narrowing_boundaries(float x, int expected)
    {
        var result = new Half[1];
        foreach (var path in Enum.GetValues<KernelPath>())
        {
            HalfCodec.Narrow([x], result, path);
            Assert.Equal((ushort)expected, BitConverter.HalfToUInt16Bits(result[0]));
            Assert.Equal((ushort)expected, BitConverter.HalfToUInt16Bits((Half)x));
        }
    }
}
