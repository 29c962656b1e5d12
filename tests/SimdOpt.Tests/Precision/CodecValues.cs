namespace SimdOpt.Tests.Precision;

/// <summary>
/// Float inputs for the codecs: every kind of bit pattern a conversion can get wrong. Ordinary numbers of every
/// magnitude, random bit patterns (so every exponent, NaN payloads and subnormals), exact ties of bfloat16 and of
/// binary16 rounding (and their neighbours), binary16's overflow and subnormal boundaries, and the specials.
/// </summary>
internal static class CodecValues
{
    /// <summary>Fills <paramref name="values"/> from <paramref name="random"/>.</summary>
    public static void Fill(Span<float> values, Random random)
    {
        for (int i = 0; i < values.Length; i++) values[i] = Next(random);
    }

    /// <summary>An array of <paramref name="length"/> values drawn from a generator seeded with
    /// <paramref name="seed"/>.</summary>
    public static float[] Array(int length, int seed)
    {
        var values = new float[length];
        Fill(values, new Random(seed));
        return values;
    }

    /// <summary>One value.</summary>
    public static float Next(Random random)
    {
        uint bits = (uint)random.NextInt64(0, 1L << 32);
        return BitConverter.UInt32BitsToSingle(random.Next(10) switch
        {
            0 => bits,                                                   // any pattern: NaN payloads, subnormals
            1 => (bits & 0xFFFF_0000u) | 0x8000u,                        // bfloat16 tie
            2 => (bits & 0xFFFF_0000u) | (0x8000u + (uint)random.Next(-2, 3)),   // next to a bfloat16 tie
            3 => HalfTie(bits),                                          // binary16 tie, normal or subnormal
            4 => (bits & 0x8000_0000u) | (uint)random.Next(0x3300_0000, 0x3880_0000),   // binary16 subnormal range
            5 => (bits & 0x8000_0000u) | (uint)random.Next(0x477F_E000, 0x4780_1000),   // around 65504..65520
            6 => Special(random),
            _ => BitConverter.SingleToUInt32Bits(
                (random.Next(2) == 0 ? 1 : -1) * MathF.Pow(10, -12 + 24 * random.NextSingle())),
        });
    }

    // A float exactly halfway between two binary16 values: mantissa bit 12 set, bits 0..11 clear (normal), or for a
    // subnormal result the bit below the last kept one set.
    private static uint HalfTie(uint bits)
    {
        uint exponent = 103 + (bits >> 24) % 40;   // from binary16's subnormals up to beyond its largest finite
        uint mantissa = bits & 0x007F_E000u;
        int drop = exponent >= 113 ? 13 : (int)(13 + 113 - exponent);   // bits below binary16's last kept bit
        mantissa = (mantissa >> drop << drop) | (1u << (drop - 1));
        return (bits & 0x8000_0000u) | (exponent << 23) | (mantissa & 0x007F_FFFFu);
    }

    private static uint Special(Random random) => random.Next(14) switch
    {
        0 => 0x0000_0000u,
        1 => 0x8000_0000u,
        2 => 0x0000_0001u,                   // the smallest float subnormal
        3 => 0x807F_FFFFu,                   // the largest negative float subnormal
        4 => 0x7F80_0000u,
        5 => 0xFF80_0000u,
        6 => 0x7FC0_0000u,
        7 => 0xFFC0_0000u,                   // the NaN x86 makes
        8 => 0x7F80_0001u,                   // a signalling NaN whose payload is all below bfloat16's bits
        9 => 0x7F7F_FFFFu,                   // float.MaxValue: rounds to bfloat16 infinity
        10 => 0x7F7F_7FFFu,                  // just below bfloat16's overflow threshold
        11 => 0x3F80_0000u,
        12 => 0x0080_0000u,                  // the smallest float normal
        _ => 0x0040_0000u,
    };
}
