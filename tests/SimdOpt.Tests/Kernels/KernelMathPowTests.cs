using SimdOpt.Kernels.Internal;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Kernels;

/// <summary>
/// <see cref="KernelMath.Pow"/>, which per-step code calls for <c>pow</c>: the bits of <see cref="Math.Pow"/> for every
/// argument, including those where it skips the call because the result is certainly +0.
/// </summary>
public sealed class KernelMathPowTests
{
    /// <summary>Special bases and exponents, on both sides of the shortcut (as a member, since -0.0 and 0.0 are
    /// equal as attribute data).</summary>
    public static TheoryData<double, double> SpecialArguments => new()
    {
        { -0.0, 801.0 }, // an odd exponent keeps the sign of -0: not the shortcut's +0
        { -0.0, 1e6 },
        { 0.0, 1e6 },
        { 0.0, 0.0 },
        { double.NaN, 1e6 },
        { 0.9, double.NaN },
        { 0.9, double.PositiveInfinity },
        { 0.9, double.NegativeInfinity },
        { 0.9, -1e4 },
        { 1.0, 1e12 },
        { -0.5, 1e4 },
        { double.Epsilon, 1e6 },
        { 1e-300, 3.0 },
        { 0.9999999999999999, 1e19 },
    };

    /// <summary>Each special argument pair against Math.Pow, bit for bit.</summary>
    [Theory]
    [MemberData(nameof(SpecialArguments))]
    public void Equals_Math_Pow_on_special_arguments(double x, double y) =>
        Assert.Equal(Bits.Of(Math.Pow(x, y)), Bits.Of(KernelMath.Pow(x, y)));

    /// <summary>
    /// Bias-correction bases (torch's defaults and a spread in (0, 1)) raised to every step count around where
    /// <c>x^t</c> becomes subnormal and then 0 (t (1 - x) from 600 to 1000, the shortcut starting at 800), and to
    /// step counts drawn up to 10^12: the bits of Math.Pow, so the shortcut never replaces a nonzero result.
    /// </summary>
    [Fact]
    public void Equals_Math_Pow_for_every_step_count_around_underflow()
    {
        var random = new Random(20261201);
        var bases = new List<double> { 0.5, 0.8, 0.9, 0.95, 0.96, 0.99, 0.999, 0.9999, 1e-3, 1e-300 };
        for (int k = 0; k < 40; k++) bases.Add(random.NextDouble());
        int mismatches = 0, shortcuts = 0;
        foreach (double x in bases)
        {
            long first = (long)(600 / (1 - x)), last = (long)(1000 / (1 - x));
            long stride = Math.Max(1, (last - first) / 20_000);
            var steps = new List<double>();
            for (long t = first; t <= last; t += stride) steps.Add(t);
            for (int k = 0; k < 200; k++) steps.Add(Math.Floor(random.NextDouble() * 1e12));
            foreach (double t in steps)
            {
                if (Bits.Of(Math.Pow(x, t)) != Bits.Of(KernelMath.Pow(x, t))) mismatches++;
                if (t * (1 - x) > 800) shortcuts++;
            }
        }
        Assert.Equal(0, mismatches);
        // The sweep reaches the shortcut, so the comparison above covers it.
        Assert.True(shortcuts > 10_000, $"only {shortcuts} arguments took the shortcut");
    }
}
