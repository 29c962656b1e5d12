using SimdOpt.Generators.Tests.Infrastructure;
using SimdOpt.Kernels;

namespace SimdOpt.Generators.Tests;

/// <summary>
/// Every reduction of the language (sum, mean, sumsq, norm, rms, maxabs, count), declared in a small spec, compiled,
/// stepped and checked against the same formula over the whole tensor written here in C#; a reduction reads the
/// per-element values as they stand before its statement; and a [Require] on a reduction refuses a step before any
/// pass writes.
/// </summary>
public sealed class ReductionLanguageTests
{
    // Two chunks of the deterministic reduction and a ragged end, so chunk partials are combined.
    private const int Length = 2 * 32768 + 37;
    private const double Tolerance = 1e-12;

    private static int _specs;

    private static string Spec(params string[] attributes) =>
        "using SimdOpt.Spec;\n\nnamespace Reductions;\n\n[Optimizer(\"reduction-" + Interlocked.Increment(ref _specs)
        + "\")]\n[Hyperparameter(\"lr\", 0.1, Min = 0)]\n" + string.Join("\n", attributes)
        + "\npublic sealed partial class Probe;\n";

    private static double[] Parameters() =>
        Enumerable.Range(0, Length).Select(i => (i % 9 - 4) * 0.75 + (i % 2) * 0.1).ToArray();

    private static double[] Gradient(long t) =>
        Enumerable.Range(0, Length).Select(i => i % 7 == 0 ? 0 : Math.Round(Math.Sin(1.7 * i + 0.3 * t) * 2.5, 3))
            .ToArray();

    public static TheoryData<string, string> Reductions => new()
    {
        { "sum(g)", "sum" }, { "mean(g)", "mean" }, { "sumsq(g)", "sumsq" }, { "norm(g)", "norm" },
        { "rms(g)", "rms" }, { "maxabs(g)", "maxabs" }, { "count(g > 0)", "count" },
    };

    private static double Expected(string kind, double[] g) => kind switch
    {
        "sum" => g.Sum(),
        "mean" => g.Average(),
        "sumsq" => g.Sum(x => x * x),
        "norm" => Math.Sqrt(g.Sum(x => x * x)),
        "rms" => Math.Sqrt(g.Sum(x => x * x) / g.Length),
        "maxabs" => g.Max(Math.Abs),
        _ => g.Count(x => x > 0),
    };

    /// <summary>p &lt;- p - lr * g * r, r the reduction of the step's gradient over the whole tensor.</summary>
    [Theory]
    [MemberData(nameof(Reductions))]
    public void A_reduction_is_computed_over_the_whole_tensor(string reduction, string kind)
    {
        var optimizer = CompiledOptimizer.Compile(Spec("[Let(\"r\", \"" + reduction + "\")]",
            "[Update(\"lr * g * r\")]"));
        var p = Parameters();
        optimizer.Step(p, 1, Gradient);

        var expected = Parameters();
        var g = Gradient(1);
        double r = Expected(kind, g);
        for (int i = 0; i < Length; i++) expected[i] -= 0.1 * g[i] * r;
        AssertClose(expected, p);
    }

    /// <summary>A reduction after a statement sees that statement's values, and one that needs another reduction takes
    /// a pass of its own.</summary>
    [Fact]
    public void A_reduction_reads_the_values_before_its_statement_and_chains_through_passes()
    {
        var optimizer = CompiledOptimizer.Compile(Spec(
            "[Assign(\"g\", \"g / norm(g)\")]",
            "[Let(\"mu\", \"mean(g)\")]",
            "[Let(\"spread\", \"maxabs(g - mu)\")]",
            "[Update(\"lr * g / spread\")]"));
        var p = Parameters();
        optimizer.Step(p, 1, Gradient);

        var g = Gradient(1);
        double norm = Math.Sqrt(g.Sum(x => x * x));
        var unit = g.Select(x => x / norm).ToArray();
        double mean = unit.Average();
        double spread = unit.Max(x => Math.Abs(x - mean));
        var expected = Parameters();
        for (int i = 0; i < Length; i++) expected[i] -= 0.1 * unit[i] / spread;
        AssertClose(expected, p);
    }

    /// <summary>Norms of the bare p and g (as LARS takes them) are accumulated straight from the arrays, with no loop
    /// storing them into blocks unless the gradient scale is on; the values are those of the formula.</summary>
    [Fact]
    public void Reductions_of_the_bare_parameter_and_gradient_read_the_arrays_directly()
    {
        string spec = Spec("[Let(\"ratio\", \"norm(p) / norm(g)\")]", "[Update(\"lr * g * ratio\")]");
        string source = GeneratorHarness.RunSpec(spec).SingleSource;
        Assert.Contains("if (c.S0) SimdOptPass1Run<T>(", source, StringComparison.Ordinal);
        Assert.Contains("AddSquares<T>(ref lanes0, p.Slice(start, length));", source, StringComparison.Ordinal);
        Assert.Contains("AddSquares<T>(ref lanes1, (c.S0 ? (global::System.ReadOnlySpan<T>)blocks.Slice(1 * block, "
            + "length) : g.Slice(start, length)));", source, StringComparison.Ordinal);

        var optimizer = CompiledOptimizer.Compile(spec);
        var p = Parameters();
        optimizer.Step(p, 1, Gradient);
        var expected = Parameters();
        var g = Gradient(1);
        double ratio = Math.Sqrt(expected.Sum(x => x * x)) / Math.Sqrt(g.Sum(x => x * x));
        for (int i = 0; i < Length; i++) expected[i] -= 0.1 * g[i] * ratio;
        AssertClose(expected, p);
    }

    /// <summary>A reduction of g after a statement that assigns g is not of the array: its pass stores the new g and
    /// accumulates the stored block.</summary>
    [Fact]
    public void A_reduction_of_an_assigned_gradient_is_not_read_from_the_array()
    {
        string source = GeneratorHarness.RunSpec(Spec("[Assign(\"g\", \"2 * g\")]", "[Let(\"r\", \"norm(g)\")]",
            "[Update(\"lr * g / r\")]")).SingleSource;
        Assert.DoesNotContain("g.Slice(start, length)", source, StringComparison.Ordinal);
        Assert.Contains("AddSquares<T>(ref lanes0, blocks.Slice(0 * block, length));", source, StringComparison.Ordinal);
    }

    /// <summary>A [Require] that reads a reduction refuses the step after the read-only passes, before the pass that
    /// writes: parameters, state and per-step state are unchanged.</summary>
    [Fact]
    public void A_refusal_known_only_after_a_reduction_writes_nothing()
    {
        var optimizer = CompiledOptimizer.Compile(Spec(
            "[Hyperparameter(\"max_norm\", 10, Min = 0)]",
            "[State(\"m\")]",
            "[Assign(\"m\", \"0.5 * m + g\")]",
            "[Require(\"norm(m) <= max_norm\", \"The moment's norm must stay below max_norm.\")]",
            "[Update(\"lr * m\")]"));
        var plan = optimizer.Definition.CreatePlan<double>();
        var p = Parameters();
        var state = Enumerable.Repeat(1.0, Length).ToArray();
        var before = (P: (double[])p.Clone(), State: (double[])state.Clone());
        plan.Prepare(1, []);
        var refusal = Assert.Throws<ArgumentException>(() =>
            plan.Apply(p, Gradient(1), new StateSpans<double>(state, 1, Length)));
        Assert.StartsWith("The moment's norm must stay below max_norm.", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(before.P, p);
        Assert.Equal(before.State, state);
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance * (1 + Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }
}
