using SimdOpt.Generators.Tests.Infrastructure;
using SimdOpt.Kernels;

namespace SimdOpt.Generators.Tests;

/// <summary>
/// Every form of the expression language, declared in a small spec, compiled with the generator, stepped, and checked
/// against the same formula written here in C#: + - * / and unary minus with their precedence, sqrt abs sign min max
/// clamp per element, pow exp log on per-step scalars, comparisons and ! &amp;&amp; ||, cond ? a : b as a per-element
/// select and as a per-step branch, t, per-step and per-element lets, bias-corrected views, per-step state, and the
/// sugar attributes. Double precision; the tolerance allows only for operations the kernels may fuse or reorder.
/// </summary>
public sealed class LanguageTests
{
    private const int Length = 37;   // every vector width's full blocks and a tail
    private const int Steps = 5;
    private const double Tolerance = 1e-12;

    private static int _specs;

    private static string Spec(params string[] attributes) =>
        "using SimdOpt.Spec;\n\nnamespace Language;\n\n[Optimizer(\"language-" + Interlocked.Increment(ref _specs) + "\")]\n"
        + "[Hyperparameter(\"lr\", 0.1, Min = 0)]\n" + string.Join("\n", attributes) + "\npublic sealed partial class Probe;\n";

    private static double[] Parameters() => Enumerable.Range(0, Length).Select(i => (i % 9 - 4) * 0.75 + (i % 2) * 0.1).ToArray();

    // Zeros, values either side of 1 and of -1, both signs.
    private static double[] Gradient(long t) =>
        Enumerable.Range(0, Length).Select(i => i % 7 == 0 ? 0 : Math.Round(Math.Sin(1.7 * i + 0.3 * t) * 2.5, 3)).ToArray();

    /// <summary>Steps the spec and a reference of p &lt;- p - update(p, g, t) side by side; they must agree.</summary>
    private static void AssertUpdate(string spec, Func<double, double, long, double> update, Action<OptimizerHyperparameters>? configure = null)
    {
        var optimizer = CompiledOptimizer.Compile(spec);
        configure?.Invoke(optimizer.Definition);
        var p = Parameters();
        optimizer.Step(p, Steps, Gradient);

        var expected = Parameters();
        for (long t = 1; t <= Steps; t++)
        {
            var g = Gradient(t);
            for (int i = 0; i < Length; i++) expected[i] -= update(expected[i], g[i], t);
        }
        AssertClose(expected, p);
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }

    [Fact]
    public void Arithmetic_and_unary_minus_with_left_associativity_and_precedence() =>
        AssertUpdate(Spec("[Update(\"lr * -g + p / 4 - (g - p) * 0.5 + (2 - 3 - 1) * g + g / 2 / 4 - -p * 0.01\")]"),
            (p, g, _) => 0.1 * -g + p / 4 - (g - p) * 0.5 + -2 * g + g / 8 + p * 0.01);

    [Fact]
    public void Per_element_functions() =>
        AssertUpdate(Spec("[Update(\"lr * (sqrt(abs(g)) * sign(g) + min(g, p) - max(g, 0) + clamp(g, -0.5, 0.5))\")]"),
            (p, g, _) => 0.1 * (Math.Sqrt(Math.Abs(g)) * Math.Sign(g) + Math.Min(g, p) - Math.Max(g, 0) + Math.Clamp(g, -0.5, 0.5)));

    [Fact]
    public void Pow_exp_log_and_t_on_per_step_scalars() =>
        AssertUpdate(Spec("[Let(\"decay\", \"exp(-lr * t) * pow(0.5, t) + log(1 + t)\")]", "[Update(\"decay * g\")]"),
            (_, g, t) => (Math.Exp(-0.1 * t) * Math.Pow(0.5, t) + Math.Log(1 + t)) * g);

    // C#'s % on double, as documented: truncated division, so the remainder has the dividend's sign ((t - 4) % 3 is
    // -2 at t = 2, where Python's floored % gives 1), exact for non-integers.
    [Fact]
    public void Modulo_on_per_step_values_truncates_like_csharp()
    {
        double[] remainders = [1.5, -1.5, 0.5, 0.5, 2.5];   // (t - 4) % 3 + (t + 0.5) % 2 for t = 1..5
        AssertUpdate(Spec("[Let(\"r\", \"(t - 4) % 3 + (t + 0.5) % 2\")]", "[Update(\"r * g\")]"),
            (_, g, t) => remainders[t - 1] * g);
    }

    [Fact]
    public void Modulo_picks_every_kth_step_as_a_switch() =>
        AssertUpdate(Spec("[Hyperparameter(\"k\", 3, Min = 1)]", "[Update(\"lr * g\", If = \"t % k == 1\")]"),
            (_, g, t) => t is 1 or 4 ? 0.1 * g : 0);

    private static double[] Estimate(long t) =>
        Enumerable.Range(0, Length).Select(i => 0.25 * (i % 5) - 0.5 + 0.01 * t).ToArray();

    [Fact]
    public void An_input_is_read_per_element_like_g()
    {
        var optimizer = CompiledOptimizer.Compile(
            Spec("[Input(\"h\")]", "[Let(\"scaled\", \"h * g\")]", "[Update(\"lr * scaled + h\")]"));
        var p = Parameters();
        optimizer.Step(p, Steps, Gradient, inputs: t => [Estimate(t)]);

        var expected = Parameters();
        for (long t = 1; t <= Steps; t++)
            for (int i = 0; i < Length; i++) expected[i] -= 0.1 * (Estimate(t)[i] * Gradient(t)[i]) + Estimate(t)[i];
        AssertClose(expected, p);
    }

    [Fact]
    public void An_input_read_only_every_other_step_may_be_empty_on_the_others()
    {
        var optimizer = CompiledOptimizer.Compile(Spec("[Input(\"h\", If = \"t % 2 == 0\")]",
            "[Update(\"lr * h\", If = \"t % 2 == 0\")]", "[Update(\"lr * g\")]"));
        var p = Parameters();
        optimizer.Step(p, Steps, Gradient, inputs: t => [t % 2 == 0 ? Estimate(t) : []]);

        var expected = Parameters();
        for (long t = 1; t <= Steps; t++)
            for (int i = 0; i < Length; i++)
                expected[i] -= (t % 2 == 0 ? 0.1 * Estimate(t)[i] : 0) + 0.1 * Gradient(t)[i];
        AssertClose(expected, p);

        var plan = optimizer.Definition.CreatePlan<double>();
        plan.Prepare(4, []);
        Assert.True(plan.ReadsInput(0));
        var e = Assert.Throws<ArgumentException>(
            () => plan.Apply(p, Gradient(4), default, new StateSpans<double>([], 0, p.Length)));
        Assert.Equal("h", e.ParamName);
        plan.Prepare(3, []);
        Assert.False(plan.ReadsInput(0));
    }

    [Fact]
    public void Comparisons_and_logic_select_per_element() =>
        AssertUpdate(Spec("[Update(\"g > 0 ? lr * g : (g <= -1 || p >= 2 ? lr : (g == 0 ? 1 : (g != p && !(p < 0) ? -lr : 0)))\")]"),
            (p, g, _) => g > 0 ? 0.1 * g : g <= -1 || p >= 2 ? 0.1 : g == 0 ? 1 : g != p && !(p < 0) ? -0.1 : 0);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_per_step_condition_branches_once_per_step(bool signOnly) =>
        AssertUpdate(Spec("[Flag(\"sign_only\")]", "[Update(\"sign_only ? lr * sign(g) : (t <= 2 ? lr * g : 0)\")]"),
            (_, g, t) => signOnly ? 0.1 * Math.Sign(g) : t <= 2 ? 0.1 * g : 0,
            optimizer => optimizer.SetFlag("sign_only", signOnly));

    [Fact]
    public void Per_step_and_per_element_lets_chain() =>
        AssertUpdate(Spec("[Let(\"step\", \"lr / t\")]", "[Let(\"g2\", \"g * g\")]", "[Let(\"both\", \"step * g2\")]", "[Let(\"big\", \"g2 > 1\")]",
                "[Update(\"big ? both - step : step * g\")]"),
            (_, g, t) => g * g > 1 ? 0.1 / t * (g * g) - 0.1 / t : 0.1 / t * g);

    [Fact]
    public void Bias_corrected_views_of_moments()
    {
        var optimizer = CompiledOptimizer.Compile(Spec(
            "[Hyperparameter(\"beta1\", 0.9, Min = 0, Max = 1, MaxExclusive = true)]",
            "[Hyperparameter(\"beta2\", 0.999, Min = 0, Max = 1, MaxExclusive = true)]",
            "[Hyperparameter(\"eps\", 1e-8, Min = 0)]",
            "[Moment(\"m\", \"beta1\")]", "[Moment(\"v\", \"beta2\", Of = \"g * g\")]",
            "[BiasCorrection(\"m\", \"beta1\")]", "[BiasCorrection(\"v\", \"beta2\", Name = \"v_hat\")]",
            "[Update(\"lr * mhat / (sqrt(v_hat) + eps)\")]"));
        var p = Parameters();
        var state = optimizer.Step(p, Steps, Gradient);

        var expected = Parameters();
        var m = new double[Length];
        var v = new double[Length];
        for (long t = 1; t <= Steps; t++)
        {
            var g = Gradient(t);
            for (int i = 0; i < Length; i++)
            {
                m[i] = 0.9 * m[i] + (1 - 0.9) * g[i];
                v[i] = 0.999 * v[i] + (1 - 0.999) * (g[i] * g[i]);
                expected[i] -= 0.1 * (m[i] / (1 - Math.Pow(0.9, t))) / (Math.Sqrt(v[i] / (1 - Math.Pow(0.999, t))) + 1e-8);
            }
        }
        AssertClose(expected, p);
        AssertClose(m, state[0]);
        AssertClose(v, state[1]);
    }

    [Fact]
    public void Per_step_state_persists_across_steps_and_state_starts_at_its_init()
    {
        var optimizer = CompiledOptimizer.Compile(Spec(
            "[Hyperparameter(\"decay\", 0.9, Min = 0, Max = 1)]", "[Hyperparameter(\"start\", 2, Min = 0)]",
            "[StepState(\"product\", Init = \"start\")]", "[State(\"acc\", Init = \"start * 3\")]",
            "[Assign(\"product\", \"product * decay\", If = \"t > 1\")]", "[Assign(\"acc\", \"acc + g\")]",
            "[Update(\"lr * product * acc\")]"));
        var stepState = new double[1];
        var p = Parameters();
        var state = optimizer.Step(p, Steps, Gradient, stepState);

        var expected = Parameters();
        var acc = Enumerable.Repeat(6.0, Length).ToArray();
        double product = 2;
        for (long t = 1; t <= Steps; t++)
        {
            if (t > 1) product *= 0.9;
            var g = Gradient(t);
            for (int i = 0; i < Length; i++)
            {
                acc[i] += g[i];
                expected[i] -= 0.1 * product * acc[i];
            }
        }
        Assert.Equal(2 * Math.Pow(0.9, Steps - 1), stepState[0], 1e-15);
        AssertClose(expected, p);
        AssertClose(acc, state[0]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Maximize_weight_decay_and_decoupled_weight_decay(bool maximize) =>
        AssertUpdate(Spec("[Hyperparameter(\"wd\", 0.01, Min = 0)]", "[Flag(\"maximize\")]", "[Maximize]", "[DecoupledWeightDecay(\"wd\", Scale = \"lr * 2\")]",
                "[WeightDecay(\"wd / 2\")]", "[Update(\"lr * g\")]"),
            (p, g, _) =>
            {
                double decayed = p * (1 - 0.1 * 2 * 0.01);
                return p - decayed + 0.1 * ((maximize ? -g : g) + 0.005 * decayed);
            },
            optimizer => optimizer.SetFlag("maximize", maximize));

    [Fact]
    public void A_failed_require_throws_before_anything_changes()
    {
        var optimizer = CompiledOptimizer.Compile(Spec("[Hyperparameter(\"low\", 1)]", "[Hyperparameter(\"high\", 2)]",
            "[StepState(\"count\")]", "[Assign(\"count\", \"count + 1\")]",
            "[Require(\"low < high\", \"low must be below high.\")]", "[Update(\"lr * g\")]"));
        optimizer.Definition.SetHyperparameter("low", 3);
        var plan = optimizer.Definition.CreatePlan<double>();
        var stepState = new double[] { 5 };

        var error = Assert.Throws<ArgumentException>(() => plan.Prepare(1, stepState));

        Assert.StartsWith("low must be below high.", error.Message);
        Assert.Equal(5, stepState[0]);
    }
}
