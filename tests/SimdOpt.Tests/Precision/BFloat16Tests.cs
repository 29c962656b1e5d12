using SimdOpt.Precision;

namespace SimdOpt.Tests.Precision;

public sealed class BFloat16Tests
{
    private static uint Bits(float x) => BitConverter.SingleToUInt32Bits(x);

    private static float Float(uint bits) => BitConverter.UInt32BitsToSingle(bits);

    private static ushort Narrow(uint bits) => ((BFloat16)Float(bits)).ToBits();

    [Fact]
    public void Every_bfloat16_widens_exactly_and_narrows_back_to_itself()
    {
        for (int b = 0; b <= ushort.MaxValue; b++)
        {
            var value = BFloat16.FromBits((ushort)b);
            float wide = (float)value;
            Assert.Equal((uint)b << 16, Bits(wide));
            Assert.Equal(value.IsNaN, float.IsNaN(wide));
            ushort back = ((BFloat16)wide).ToBits();
            // A NaN comes back quieted (the top mantissa bit set), with its sign and payload.
            Assert.Equal(value.IsNaN ? (ushort)(b | 0x0040) : (ushort)b, back);
        }
    }

    [Theory]
    [InlineData(0x3F80_8000u, 0x3F80)]   // halfway between 1 and 1 + 2^-7: to the even one, 1
    [InlineData(0x3F81_8000u, 0x3F82)]   // halfway, odd below: up to the even one
    [InlineData(0x3F80_8001u, 0x3F81)]   // just above halfway: up
    [InlineData(0x3F81_7FFFu, 0x3F81)]   // just below halfway: down
    [InlineData(0xBF80_8000u, 0xBF80)]   // negative tie: to even, the sign kept
    [InlineData(0xBF81_8000u, 0xBF82)]
    [InlineData(0x3FFF_8000u, 0x4000)]   // the carry goes into the exponent: 2
    [InlineData(0x0000_8000u, 0x0000)]   // subnormal tie down to +0
    [InlineData(0x0001_8000u, 0x0002)]   // subnormal tie up to the even subnormal
    [InlineData(0x007F_8000u, 0x0080)]   // the largest subnormals round up into the smallest normal
    [InlineData(0x0000_0001u, 0x0000)]   // float's smallest subnormal is far below half a bfloat16 step
    [InlineData(0x8000_0001u, 0x8000)]   // ... and keeps its sign: -0
    [InlineData(0x7F7F_7FFFu, 0x7F7F)]   // below the overflow threshold: MaxValue
    [InlineData(0x7F7F_8000u, 0x7F80)]   // the threshold is a tie to even: infinity
    [InlineData(0x7F7F_FFFFu, 0x7F80)]   // float.MaxValue: infinity, as IEEE rounds
    [InlineData(0xFF7F_FFFFu, 0xFF80)]
    [InlineData(0x7F80_0000u, 0x7F80)]   // infinities stay
    [InlineData(0xFF80_0000u, 0xFF80)]
    [InlineData(0x0000_0000u, 0x0000)]   // zeros keep their sign
    [InlineData(0x8000_0000u, 0x8000)]
    [InlineData(0x7F80_0001u, 0x7FC0)]   // a NaN whose payload is below bfloat16's bits stays NaN, quieted
    [InlineData(0xFF80_0001u, 0xFFC0)]   // ... with its sign
    [InlineData(0x7FFF_FFFFu, 0x7FFF)]   // carrying would wrap the sign: truncated instead
    [InlineData(0xFFC0_0000u, 0xFFC0)]
    public void Narrowing_rounds_to_nearest_even_as_IEEE(uint floatBits, int expected)
    {
        Assert.Equal((ushort)expected, Narrow(floatBits));
    }

    [Fact]
    public void Narrowing_picks_the_nearer_bfloat16_of_random_floats()
    {
        var random = new Random(15);
        for (int k = 0; k < 200_000; k++)
        {
            float x = CodecValues.Next(random);
            if (!float.IsFinite(x)) continue;
            ushort b = Narrow(Bits(x));
            double got = (double)BFloat16.FromBits(b);
            // The bfloat16 values either side of x, from truncation: the result is one of them, the nearer, and on a
            // tie the one with an even last bit (infinity counts as the value past MaxValue, 2^128).
            uint down = Bits(x) >> 16, up = down + 1;
            double lower = ValueOf(down), upper = ValueOf(up);
            double dLow = Math.Abs(x - lower), dHigh = Math.Abs(upper - x);
            ushort want = dLow < dHigh ? (ushort)down
                : dHigh < dLow ? (ushort)up
                : (ushort)((down & 1) == 0 ? down : up);
            Assert.True(want == b, $"x = {x:R} (0x{Bits(x):X8}): got 0x{b:X4} ({got:R}), expected 0x{want:X4}");
        }
    }

    // The value of a bfloat16 bit pattern reached by truncation or by one more: the infinity pattern stands for 2^128.
    private static double ValueOf(uint b) =>
        (b & 0x7FFF) == 0x7F80 ? ((b & 0x8000) != 0 ? -1 : 1) * Math.Pow(2, 128) : (double)BFloat16.FromBits((ushort)b);

    [Fact]
    public void The_constants_hold_their_documented_values()
    {
        Assert.Equal(Math.Pow(2, -133), (double)BFloat16.Epsilon);
        Assert.Equal((2 - Math.Pow(2, -7)) * Math.Pow(2, 127), (double)BFloat16.MaxValue);
        Assert.Equal(-(double)BFloat16.MaxValue, (double)BFloat16.MinValue);
        Assert.Equal(Math.Pow(2, -126), (double)BFloat16.MinNormal);
        Assert.Equal(float.PositiveInfinity, (float)BFloat16.PositiveInfinity);
        Assert.Equal(float.NegativeInfinity, (float)BFloat16.NegativeInfinity);
        Assert.True(BFloat16.NaN.IsNaN);
        Assert.Equal(0x7FC0, BFloat16.NaN.ToBits());
        Assert.Equal(1f, (float)BFloat16.One);
        Assert.Equal(0x0000, BFloat16.Zero.ToBits());
        Assert.Equal(0x8000, BFloat16.NegativeZero.ToBits());
        Assert.Equal(0x0000, default(BFloat16).ToBits());
    }

    [Fact]
    public void The_classification_properties_agree_with_float_on_every_value()
    {
        for (int b = 0; b <= ushort.MaxValue; b++)
        {
            var value = BFloat16.FromBits((ushort)b);
            float wide = (float)value;
            Assert.Equal(float.IsNaN(wide), value.IsNaN);
            Assert.Equal(float.IsInfinity(wide), value.IsInfinity);
            Assert.Equal(float.IsFinite(wide), value.IsFinite);
            Assert.Equal(float.IsNegative(wide), value.IsNegative);
            Assert.Equal(wide == 0, value.IsZero);
            Assert.Equal(float.IsSubnormal(wide), value.IsSubnormal);
            Assert.Equal(b ^ 0x8000, (-value).ToBits());
        }
    }

    [Fact]
    public void Comparisons_follow_float()
    {
        var values = new[]
        {
            BFloat16.NaN, BFloat16.FromBits(0xFFC0), BFloat16.NegativeInfinity, BFloat16.MinValue, (BFloat16)(-1f),
            BFloat16.NegativeZero, BFloat16.Zero, BFloat16.Epsilon, (BFloat16)0.1f, BFloat16.One, BFloat16.MaxValue,
            BFloat16.PositiveInfinity,
        };
        foreach (var a in values)
            foreach (var b in values)
            {
                float x = (float)a, y = (float)b;
                Assert.Equal(x == y, a == b);
                Assert.Equal(x != y, a != b);
                Assert.Equal(x < y, a < b);
                Assert.Equal(x > y, a > b);
                Assert.Equal(x <= y, a <= b);
                Assert.Equal(x >= y, a >= b);
                Assert.Equal(x.Equals(y), a.Equals(b));
                Assert.Equal(x.Equals(y), a.Equals((object)b));
                Assert.Equal(x.CompareTo(y), a.CompareTo(b));
                Assert.Equal(x.CompareTo(y), a.CompareTo((object)b));
                if (a.Equals(b)) Assert.Equal(a.GetHashCode(), b.GetHashCode());
            }
        Assert.Equal(1, BFloat16.One.CompareTo(null));
        var e = Assert.Throws<ArgumentException>(() => BFloat16.One.CompareTo(1f));
        Assert.Equal("obj", e.ParamName);
        Assert.False(BFloat16.One.Equals(1f));
    }

    [Fact]
    public void ToString_prints_the_exact_value_in_the_invariant_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        Assert.Equal("0.100097656", ((BFloat16)0.1f).ToString());
        Assert.Equal("-1.5", ((BFloat16)(-1.5f)).ToString());
        Assert.Equal("3.3895314E+38", BFloat16.MaxValue.ToString());
        Assert.Equal("-Infinity", BFloat16.NegativeInfinity.ToString());
        Assert.Equal("NaN", BFloat16.NaN.ToString());
        Assert.Equal("-0", BFloat16.NegativeZero.ToString());
        Assert.Equal("0.10", ((BFloat16)0.1f).ToString("F2", null));
        Assert.Equal(previous, System.Globalization.CultureInfo.CurrentCulture);
    }
}
