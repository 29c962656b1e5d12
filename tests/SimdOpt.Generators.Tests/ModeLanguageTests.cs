using SimdOpt.Generators.Tests.Infrastructure;
using SimdOpt.Kernels;

namespace SimdOpt.Generators.Tests;

/// <summary>
/// The train/eval switch of the language (<c>[Mode]</c>), compiled and run through the plan's <c>EnterMode</c>
/// against the same formulas written here in C#: assignments to p and to a state in order, an <c>If</c> over a flag, a
/// per-step branch, per-step states read, and a state that exists only under a condition. Double precision.
/// </summary>
public sealed class ModeLanguageTests
{
    private const int Length = 37;

    private static string Spec(params string[] attributes) =>
        "using SimdOpt.Spec;\n\nnamespace Modes;\n\n[Optimizer(\"modes-probe\")]\n"
        + "[Hyperparameter(\"lr\", 0.1, Min = 0)]\n[Hyperparameter(\"beta\", 0.9, Min = 0, Max = 1)]\n"
        + "[Flag(\"shift\")]\n[StepState(\"offset\", Init = \"0.25\")]\n[State(\"z\", Init = \"1\")]\n"
        + "[State(\"spare\", If = \"shift\")]\n"
        + string.Join("\n", attributes) + "\n[Update(\"lr * g\")]\npublic sealed partial class Probe;\n";

    private static readonly string Switches = Spec(
        "[Mode(\"eval\", \"p\", \"beta < 0.5 ? z - (z - p) * beta : p + (1 - beta) * (z - p)\")]",
        "[Mode(\"eval\", \"z\", \"z + offset\", If = \"shift\")]",
        "[Mode(\"eval\", \"spare\", \"p * 2\", If = \"shift\")]",
        "[Mode(\"train\", \"p\", \"p - z * beta\")]");

    private static double[] Values(double scale) =>
        Enumerable.Range(0, Length).Select(i => scale * ((i % 9) - 4) + 0.1 * (i % 2)).ToArray();

    [Theory]
    [InlineData(false, 0.9)]
    [InlineData(true, 0.9)]
    [InlineData(true, 0.25)]
    public void Entering_eval_runs_its_assignments_in_order(bool shift, double beta)
    {
        var optimizer = CompiledOptimizer.Compile(Switches).Definition;
        optimizer.SetFlag("shift", shift);
        optimizer.SetHyperparameter("beta", beta);
        Assert.True(optimizer.Info.HasModes);
        double[] p = Values(0.5), z = Values(-0.3), spare = new double[Length];
        double[] expectedP = [.. p], expectedZ = [.. z], expectedSpare = new double[Length];
        for (int i = 0; i < Length; i++)
        {
            // Contracted as the analyzer contracts them: z - d * beta is fma(d, -beta, z), p + k * d is fma(k, d, p).
            expectedP[i] = beta < 0.5
                ? Math.FusedMultiplyAdd(z[i] - p[i], -beta, z[i])
                : Math.FusedMultiplyAdd(1 - beta, z[i] - p[i], p[i]);
            if (shift) expectedZ[i] = z[i] + 0.5;
            if (shift) expectedSpare[i] = expectedP[i] * 2;
        }
        EnterMode(optimizer, OptimizerMode.Eval, p, z, spare, stepState: [0.5]);
        Assert.Equal(expectedP, p);
        Assert.Equal(expectedZ, z);
        Assert.Equal(expectedSpare, spare);
    }

    [Fact]
    public void Entering_train_runs_only_the_train_assignments()
    {
        var optimizer = CompiledOptimizer.Compile(Switches).Definition;
        double[] p = Values(0.5), z = Values(-0.3), spare = new double[Length];
        // p - z * beta, contracted: fma(z, -beta, p).
        double[] expected = p.Select((v, i) => Math.FusedMultiplyAdd(z[i], -0.9, v)).ToArray(), zBefore = [.. z];
        EnterMode(optimizer, OptimizerMode.Train, p, z, spare, stepState: [0.5]);
        Assert.Equal(expected, p);
        Assert.Equal(zBefore, z);
    }

    [Fact]
    public void A_mode_without_assignments_moves_nothing_and_an_optimizer_without_modes_has_none()
    {
        var optimizer = CompiledOptimizer.Compile(Spec("[Mode(\"eval\", \"p\", \"z\")]")).Definition;
        double[] p = Values(0.5), z = Values(-0.3), spare = new double[Length], before = [.. p];
        EnterMode(optimizer, OptimizerMode.Train, p, z, spare, stepState: [0]);
        Assert.Equal(before, p);
        EnterMode(optimizer, OptimizerMode.Eval, p, z, spare, stepState: [0]);
        Assert.Equal(z, p);

        var plain = CompiledOptimizer.Compile(Spec()).Definition;
        Assert.False(plain.Info.HasModes);
        Assert.Throws<InvalidOperationException>(() => EnterMode(plain, OptimizerMode.Eval, p, z, spare, [0]));
    }

    // A review finding: a coefficient on a branch that a flag disables was checked for finiteness all the same, so a
    // setting that only the disabled branch overflows (10^400) refused every step.
    [Fact]
    public void A_per_step_value_on_a_disabled_branch_is_not_checked_for_finiteness()
    {
        var optimizer = CompiledOptimizer.Compile(Spec("[Hyperparameter(\"limit_exp\", 1, Min = 0)]",
            "[Update(\"shift ? clamp(g, -pow(10, limit_exp), pow(10, limit_exp)) : g\")]")).Definition;
        optimizer.SetHyperparameter("limit_exp", 400);
        var plan = optimizer.CreatePlan<double>();
        double[] stepState = [0.25];
        plan.Prepare(1, stepState);
        optimizer.SetFlag("shift", true);
        var refusal = Assert.Throws<ArgumentException>(() => plan.Prepare(1, stepState));
        Assert.Contains("limit_exp", refusal.Message, StringComparison.Ordinal);
    }

    private static void EnterMode(OptimizerHyperparameters optimizer, OptimizerMode mode, double[] p, double[] z,
        double[] spare, double[] stepState)
    {
        var block = z.Concat(spare).ToArray();
        optimizer.CreatePlan<double>().EnterMode(mode, p, new StateSpans<double>(block, 2, p.Length), stepState);
        block.AsSpan(0, Length).CopyTo(z);
        block.AsSpan(Length, Length).CopyTo(spare);
    }
}
