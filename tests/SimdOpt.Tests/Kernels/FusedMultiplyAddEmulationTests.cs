using System.Runtime.Intrinsics;
using SimdOpt.Kernels.Internal;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Kernels;

/// <summary>
/// <see cref="FusedMultiplyAddEmulation"/>, the float fused multiply-add of CPUs without one: the bits of
/// <see cref="MathF.FusedMultiplyAdd"/> (the FMA instruction here, the C library's <c>fmaf</c> under
/// <c>DOTNET_EnableAVX2=0</c>; both round once, as IEEE 754 defines it), on every vector width, on random
/// bit patterns and on the cases where rounding twice would differ: products a float's rounding splits at a midpoint,
/// cancellation, subnormal results, overflow. A NaN matches any NaN (the NaN rule: its payload is the hardware's).
/// </summary>
public sealed class FusedMultiplyAddEmulationTests
{
    private const int Count = 400_000;

    [Fact]
    public void Equals_MathF_FusedMultiplyAdd_on_random_bit_patterns()
    {
        var random = new Random(20261203);
        AssertAllFused(Triples(random, () => RandomBits(random)));
    }

    [Fact]
    public void Equals_MathF_FusedMultiplyAdd_where_rounding_twice_would_differ()
    {
        var random = new Random(31);
        // A product of a 12-bit and a 13-bit significand has 24 or 25 bits: a float, or a midpoint between two. An
        // addend 2^-22 to 2^-70 of it decides which way the midpoint goes, by less than a double keeps from 2^-54 on:
        // rounded to double first, such a sum is the tie, and ties-to-even would pick the wrong float.
        AssertAllFused(Triples(random, () => Short(random, 12, -20, 20), () => Short(random, 13, -20, 20),
            (a, b) => Tiny(random, (double)a * b)));
        // Cancellation: the addend is minus the rounded product, give or take a few ulps.
        AssertAllFused(Triples(random, () => Wide(random, -60, 60), () => Wide(random, -60, 60),
            (a, b) => -BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a * b) + random.Next(-3, 4))));
        // Results near and below the smallest normal float (2^-126).
        AssertAllFused(Triples(random, () => Wide(random, -80, -50), () => Wide(random, -80, -50),
            (_, _) => Wide(random, -150, -120)));
        // Results near the largest float: overflow to infinity, or not.
        AssertAllFused(Triples(random, () => Wide(random, 60, 64), () => Wide(random, 60, 64),
            (_, _) => Wide(random, 125, 128)));
    }

    [Fact]
    public void Special_values_follow_IEEE_754()
    {
        float[] specials =
        [
            0f, -0f, 1f, -1f, float.Epsilon, -float.Epsilon, float.MaxValue, -float.MaxValue, float.PositiveInfinity,
            float.NegativeInfinity, float.NaN, BitConverter.Int32BitsToSingle(0x7F800001), 1.17549435e-38f, 3e-39f,
        ];
        var triples = new List<(float, float, float)>();
        foreach (float a in specials)
            foreach (float b in specials)
                foreach (float c in specials)
                    triples.Add((a, b, c));
        AssertAllFused(triples);
        // An exact zero takes the sign IEEE gives it: +0 for (-0) + (+0) and for 1 * 1 + (-1), -0 for (-0) + (-0).
        var zeros = FusedMultiplyAddEmulation.Fused(Vector128.Create(-0f, 1f, -0f, 2f), Vector128.Create(1f, 1f, 1f, 3f),
            Vector128.Create(0f, -1f, -0f, -6f)).AsInt32();
        Assert.Equal(Vector128.Create(0, 0, int.MinValue, 0), zeros);
    }

    [Fact]
    public void Every_vector_width_equals_Vector128_lane_by_lane()
    {
        var random = new Random(7);
        var (a, b, c) = Columns(Triples(random, () => Short(random, 12, -20, 20), () => Short(random, 13, -20, 20),
            (x, y) => Tiny(random, (double)x * y)).Concat(Triples(random, () => RandomBits(random))), 16);
        int mismatches = 0;
        for (int i = 0; i < a.Length; i += 16)
        {
            var v256 = FusedMultiplyAddEmulation.Fused(Vector256.Create(a, i), Vector256.Create(b, i),
                Vector256.Create(c, i));
            var v512 = FusedMultiplyAddEmulation.Fused(Vector512.Create(a, i), Vector512.Create(b, i),
                Vector512.Create(c, i));
            for (int quarter = 0; quarter < 4; quarter++)
            {
                int at = i + 4 * quarter;
                var v128 = FusedMultiplyAddEmulation.Fused(Vector128.Create(a, at), Vector128.Create(b, at),
                    Vector128.Create(c, at));
                for (int k = 0; k < 4; k++)
                {
                    int lane = 4 * quarter + k;
                    if (lane < 8 && !Bits.SameResult(v128[k], v256[lane])) mismatches++;
                    if (!Bits.SameResult(v128[k], v512[lane])) mismatches++;
                }
            }
        }
        Assert.Equal(0, mismatches);
    }

    private static void AssertAllFused(IEnumerable<(float A, float B, float C)> triples)
    {
        var (a, b, c) = Columns(triples, 4);
        var mismatches = new List<string>();
        for (int i = 0; i < a.Length; i += 4)
        {
            var actual = FusedMultiplyAddEmulation.Fused(Vector128.Create(a, i), Vector128.Create(b, i),
                Vector128.Create(c, i));
            for (int k = 0; k < 4; k++)
            {
                float expected = MathF.FusedMultiplyAdd(a[i + k], b[i + k], c[i + k]);
                if (!Bits.SameResult(expected, actual[k]) && mismatches.Count < 5)
                    mismatches.Add($"fma({Bits.Describe(a[i + k])}, {Bits.Describe(b[i + k])}, "
                        + $"{Bits.Describe(c[i + k])}): expected {Bits.Describe(expected)}, "
                        + $"got {Bits.Describe(actual[k])}");
            }
        }
        Assert.NotEmpty(a);
        Assert.Empty(mismatches);
    }

    // The factors and addends as three arrays, padded to a multiple of 'group' with zeros (0 * 0 + 0 = +0).
    private static (float[] A, float[] B, float[] C) Columns(IEnumerable<(float A, float B, float C)> triples,
        int group)
    {
        var all = triples.ToArray();
        int length = (all.Length + group - 1) / group * group;
        float[] a = new float[length], b = new float[length], c = new float[length];
        for (int i = 0; i < all.Length; i++) (a[i], b[i], c[i]) = all[i];
        return (a, b, c);
    }

    private static IEnumerable<(float A, float B, float C)> Triples(Random random, Func<float> any) =>
        Triples(random, any, any, (_, _) => any());

    private static IEnumerable<(float A, float B, float C)> Triples(Random random, Func<float> a, Func<float> b,
        Func<float, float, float> c)
    {
        for (int i = 0; i < Count; i++)
        {
            float x = a(), y = b();
            yield return (x, y, c(x, y));
        }
    }

    private static float RandomBits(Random random) => BitConverter.Int32BitsToSingle(random.Next() ^ (random.Next() << 1));

    // A float of either sign with a significand of the given bits and a binary exponent in [low, high).
    private static float Short(Random random, int bits, int low, int high) =>
        Sign(random) * ((1 << (bits - 1)) + random.Next(1 << (bits - 1)))
            * MathF.ScaleB(1f, random.Next(low, high) - (bits - 1));

    // A float of either sign with a full random significand and a binary exponent in [low, high).
    private static float Wide(Random random, int low, int high) =>
        Sign(random) * (1 + random.NextSingle()) * MathF.ScaleB(1f, random.Next(low, high));

    // An addend at or below the product's last bits: 1 to 15 times 2^-22 to 2^-70 of it, either sign.
    private static float Tiny(Random random, double product) =>
        (float)(Sign(random) * (1 + random.Next(15)) * Math.ScaleB(Math.Abs(product), -random.Next(22, 71)));

    private static float Sign(Random random) => random.Next(2) == 0 ? 1f : -1f;
}
