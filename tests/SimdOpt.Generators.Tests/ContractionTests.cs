using SimdOpt.Generators.Tests.Infrastructure;

namespace SimdOpt.Generators.Tests;

/// <summary>
/// The analyzer contracts a loop's products and sums into fused multiply-adds (<c>Analysis/Contraction.cs</c>): each
/// form, declared in a spec, compiled, stepped once in double on every element of a length with full vectors and a
/// tail, gives exactly <see cref="Math.FusedMultiplyAdd"/>'s bits (one rounding), and the forms left alone give
/// exactly the two roundings they are written with. The inputs are chosen so that fused and unfused results differ on
/// several elements (at least 3 of 37), which each case checks, so a contraction applied where it should not be, or
/// not applied where it should, fails.
/// </summary>
public sealed class ContractionTests
{
    private const int Length = 37;
    private const double Lr = 0.7;

    // Each form, whether the rule fuses it, and its result (x: p, q: g) with one rounding and with the two it is
    // written with.
    private static readonly Dictionary<string, (bool Fused, Func<double, double, double> OneRounding,
        Func<double, double, double> TwoRoundings)> Formulas = new()
        {
            ["g * p + lr"] = (true, (x, q) => Math.FusedMultiplyAdd(q, x, Lr), (x, q) => q * x + Lr),
            ["lr + g * p"] = (true, (x, q) => Math.FusedMultiplyAdd(q, x, Lr), (x, q) => q * x + Lr),
            ["g * p + p * p"] = (true, (x, q) => Math.FusedMultiplyAdd(q, x, x * x), (x, q) => q * x + x * x),
            ["p - lr * g"] = (true, (x, q) => Math.FusedMultiplyAdd(-Lr, q, x), (x, q) => x - Lr * q),
            ["p - g * lr"] = (true, (x, q) => Math.FusedMultiplyAdd(-Lr, q, x), (x, q) => x - Lr * q),
            ["g * p - lr"] = (true, (x, q) => Math.FusedMultiplyAdd(q, x, -Lr), (x, q) => q * x - Lr),
            ["fma(g, p, p)"] = (true, (x, q) => Math.FusedMultiplyAdd(q, x, x), (x, q) => q * x + x),
            ["p - g * p"] = (false, (x, q) => Math.FusedMultiplyAdd(-q, x, x), (x, q) => x - q * x),
        };

    public static TheoryData<string> Forms => new(Formulas.Keys);

    [Theory]
    [MemberData(nameof(Forms))]
    public void A_form_is_fused_exactly_where_the_rule_says(string expression)
    {
        var optimizer = CompiledOptimizer.Compile("using SimdOpt.Spec;\n\nnamespace Contraction;\n\n"
            + "[Optimizer(\"contraction-probe\")]\n[Hyperparameter(\"lr\", 0.7, Min = 0)]\n"
            + "[Assign(\"p\", \"" + expression + "\")]\npublic sealed partial class Probe;\n");
        var p = Parameters();
        var g = Gradient();
        optimizer.Step(p, 1, _ => g);
        var before = Parameters();
        var (isFused, oneRounding, twoRoundings) = Formulas[expression];
        var fused = before.Select((x, i) => oneRounding(x, g[i])).ToArray();
        var unfused = before.Select((x, i) => twoRoundings(x, g[i])).ToArray();
        var expected = isFused ? fused : unfused;
        for (int i = 0; i < Length; i++)
            Assert.True(expected[i].Equals(p[i]), $"element {i}: expected {expected[i]:R}, got {p[i]:R}");
        Assert.True(Enumerable.Range(0, Length).Count(i => fused[i] != unfused[i]) >= 3,
            "the inputs do not tell the fused result from the unfused one");
    }

    // Values with all 53 bits in use, so a product's rounding shows.
    private static double[] Parameters() =>
        Enumerable.Range(0, Length).Select(i => Math.Sqrt(i + 2) * (i % 2 == 0 ? 1 : -1) / 3).ToArray();

    private static double[] Gradient() => Enumerable.Range(0, Length).Select(i => Math.Sin(1.7 * i + 0.3)).ToArray();
}
