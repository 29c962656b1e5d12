using SimdOpt.Generators.Tests.Infrastructure;

namespace SimdOpt.Generators.Tests;

/// <summary>
/// The analyzer specialises a loop's quotient by a per-step divisor on the divisor being one
/// (<c>Analysis/QuotientsByOne.cs</c>): in a step where it is one the loop does not divide. IEEE division by one
/// returns its dividend, except that it quiets a signalling NaN, so a signalling NaN in the gradient is what shows
/// whether the division ran: it comes out unchanged where the division was skipped and quieted where it ran. Every
/// finite value comes out as the exact quotient either way.
/// </summary>
public sealed class QuotientsByOneTests
{
    // A signalling NaN (quiet bit clear) with a payload, and its quieted form, which a division gives.
    private const ulong Signalling = 0x7FF0_0000_0000_0123UL;
    private const ulong Quieted = 0x7FF8_0000_0000_0123UL;

    [Fact]
    public void A_quotient_by_a_per_step_divisor_that_is_one_is_not_computed()
    {
        var (p, g) = Step("g / k", k: 1);
        Assert.Equal(Signalling, BitConverter.DoubleToUInt64Bits(p[0]));
        for (int i = 1; i < p.Length; i++) Assert.Equal(BitConverter.DoubleToUInt64Bits(g[i]), BitConverter.DoubleToUInt64Bits(p[i]));
    }

    [Fact]
    public void A_quotient_by_a_per_step_divisor_that_is_not_one_is_divided()
    {
        var (p, g) = Step("g / k", k: 3);
        Assert.Equal(Quieted, BitConverter.DoubleToUInt64Bits(p[0]));
        for (int i = 1; i < p.Length; i++) Assert.Equal(g[i] / 3, p[i]);
    }

    [Theory]
    [InlineData("g / 1")]
    [InlineData("g / (0.5 + 0.5)")]
    public void A_divisor_of_numbers_only_is_left_as_written(string value)
    {
        var (p, g) = Step(value, k: 1);
        Assert.Equal(Quieted, BitConverter.DoubleToUInt64Bits(p[0]));
        for (int i = 1; i < p.Length; i++) Assert.Equal(g[i], p[i]);
    }

    // Steps the probe p = value once over 37 elements (full vectors and a tail) on the widest path; the gradient's
    // first element is the signalling NaN.
    private static (double[] P, double[] G) Step(string value, double k)
    {
        var optimizer = CompiledOptimizer.Compile("using SimdOpt.Spec;\n\nnamespace QuotientsByOne;\n\n"
            + "[Optimizer(\"quotient-probe\")]\n[Hyperparameter(\"k\", " + k.ToString(System.Globalization.CultureInfo.InvariantCulture)
            + ", Min = 0, MinExclusive = true)]\n[Assign(\"p\", \"" + value + "\")]\npublic sealed partial class Probe;\n");
        var g = Enumerable.Range(0, 37).Select(i => Math.Sin(1.3 * i + 0.2) * (i + 1)).ToArray();
        g[0] = BitConverter.UInt64BitsToDouble(Signalling);
        var p = new double[g.Length];
        optimizer.Step(p, 1, _ => g);
        return (p, g);
    }
}
