using System.Numerics;
using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

/// <summary>
/// The fused unscale, clip and step (GradScaler.Step(optimizer, maxNorm)) against the unfused sequence it documents:
/// GradScaler.Unscale, GradientClipping.ClipGradNorm, GradScaler.Step, with power-of-two loss scales.
/// </summary>
public class FusedStepTests
{
    private static readonly int[] Lengths = [3, 1000, WorkPartition.ChunkLength + 5, 17];

    public static TheoryData<string> Optimizers() => Configurations.All();

    // Two groups (tensors 0-1 and 2-3), each with its own copy of the configuration.
    private static Optimizer<T> TwoGroups<T>(string name, TrainingFixture<T> fixture)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var optimizer = new Optimizer<T>(Configurations.Create(name), fixture.Parameters(..2));
        optimizer.AddGroup(
            Enumerable.Range(2, 2).Select(i => new Parameter<T>(fixture.Values[i], fixture.Gradients[i])),
            Configurations.Create(name));
        return optimizer;
    }

    // Per step: the largest norm (1 clips, 1e6 does not) and what is planted in the scaled gradients.
    private static readonly (double MaxNorm, string Plant)[] Sequence =
    [
        (1.0, ""), (1e6, ""), (1.0, "inf"), (0.5, ""), (1.0, "nan"), (1e6, ""), (0.25, ""),
    ];

    // Two optimizers alike over two copies of the same tensors: one for the fused calls, one for the unfused.
    private static (TrainingFixture<T> FusedData, TrainingFixture<T> UnfusedData, Optimizer<T> Fused,
        Optimizer<T> Unfused) Pair<T>(string name, int seed, int threads, KernelPath path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var fusedData = new TrainingFixture<T>(seed, Lengths);
        var unfusedData = fusedData.CopyValues();
        var fused = TwoGroups(name, fusedData);
        var unfused = TwoGroups(name, unfusedData);
        fused.MaxDegreeOfParallelism = unfused.MaxDegreeOfParallelism = threads;
        fused.KernelPath = unfused.KernelPath = path;
        return (fusedData, unfusedData, fused, unfused);
    }

    private static void AssertFusedEqualsUnfused<T>(string name, int threads, KernelPath path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (fusedData, unfusedData, fused, unfused) = Pair<T>(name, seed: 5, threads, path);
        var fusedScaler = new GradScaler(initScale: 1024, growthInterval: 2);
        var unfusedScaler = new GradScaler(initScale: 1024, growthInterval: 2);
        for (int step = 0; step < Sequence.Length; step++)
        {
            var (maxNorm, plant) = Sequence[step];
            fusedData.ComputeGradients(step, fusedScaler.Scale);
            unfusedData.ComputeGradients(step, unfusedScaler.Scale);
            foreach (var data in new[] { fusedData, unfusedData })
            {
                if (plant == "inf") data.Gradients[2][WorkPartition.ChunkLength + 1] = T.PositiveInfinity;
                if (plant == "nan") data.Gradients[0][1] = T.NaN;
            }
            var gradients = fusedData.Gradients.Select(g => g.ToArray()).ToArray();
            string before = Snapshot.Of(fused, includeGradients: false);

            var result = fusedScaler.Step(fused, maxNorm);
            unfusedScaler.Unscale(unfused);
            double norm = GradientClipping.ClipGradNorm(unfused, maxNorm);
            bool stepped = unfusedScaler.Step(unfused);
            fusedScaler.Update();
            unfusedScaler.Update();

            string at = $"{name}, {threads} threads, {path}, step {step}";
            Assert.True(stepped == (plant == ""), at);
            Assert.Equal(stepped, result.Stepped);
            Assert.Equal(norm, result.TotalNorm);
            Assert.Equal(Snapshot.Of(unfusedScaler), Snapshot.Of(fusedScaler));
            Assert.Equal(Snapshot.Of(unfused, includeGradients: false), Snapshot.Of(fused, includeGradients: false));
            if (!stepped) Assert.Equal(before, Snapshot.Of(fused, includeGradients: false));
            // No pass wrote the gradients.
            Bitwise.Equal(gradients, fusedData.Gradients, $"gradients after {at}");
        }
        Assert.Equal(5, fused.Groups[1].StepCount);
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Fused_float_steps_have_the_unfused_bits_on_every_path_and_thread_count(string name)
    {
        foreach (int threads in new[] { 1, 2, 3 })
            foreach (var path in Enum.GetValues<KernelPath>())
                AssertFusedEqualsUnfused<float>(name, threads, path);
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Fused_clipping_without_a_scaler_has_the_unfused_bits_always(string name)
    {
        foreach (int threads in new[] { 1, 2, 3 })
            foreach (var path in new[] { KernelPath.Scalar, KernelPath.Auto })
            {
                var (fusedData, unfusedData, fused, unfused) = Pair<float>(name, seed: 6, threads, path);
                for (int step = 0; step < Sequence.Length; step++)
                {
                    // Scaled by 3000, so no coefficient is a power of two.
                    fusedData.ComputeGradients(step, 3000);
                    unfusedData.ComputeGradients(step, 3000);
                    var gradients = fusedData.Gradients.Select(g => g.ToArray()).ToArray();
                    var result = GradientClipping.ClipGradNormAndStep(fused, Sequence[step].MaxNorm);
                    double norm = GradientClipping.ClipGradNorm(unfused, Sequence[step].MaxNorm,
                        errorIfNonfinite: true);
                    unfused.Step();
                    Assert.Equal(new FusedStepResult(true, norm, result.GradientScale), result);
                    Assert.Equal(Snapshot.Of(unfused, includeGradients: false),
                        Snapshot.Of(fused, includeGradients: false));
                    Bitwise.Equal(gradients, fusedData.Gradients, $"{name}: gradients after step {step}");
                }
            }
    }

    [Fact]
    public void Fused_clipping_refuses_a_non_finite_norm_and_changes_nothing()
    {
        var optimizer = new Optimizer<float>(new AdamW(),
            [new Parameter<float>(new float[3], new float[] { 1, float.NaN, 2 })]);
        string before = Snapshot.Of(optimizer);
        var error = Assert.Throws<NotFiniteNumberException>(() => GradientClipping.ClipGradNormAndStep(optimizer, 1.0));
        Assert.Contains("The total norm of order 2 of the gradients is non-finite (NaN)", error.Message);
        Assert.Equal(before, Snapshot.Of(optimizer));
        Assert.Equal("maxNorm", Assert.Throws<ArgumentOutOfRangeException>(
            () => GradientClipping.ClipGradNormAndStep(optimizer, -1)).ParamName);
        Assert.Throws<ArgumentNullException>(() => GradientClipping.ClipGradNormAndStep(null!, 1));
    }

    [Theory]
    [InlineData("adamw")]
    [InlineData("lamb+always_adapt")]
    [InlineData("sgd+nesterov")]
    public void Fused_double_steps_have_the_unfused_bits(string name)
    {
        foreach (int threads in new[] { 1, 3 })
            foreach (var path in Enum.GetValues<KernelPath>())
                AssertFusedEqualsUnfused<double>(name, threads, path);
    }

    // SGD with lr 1 from p = 0 leaves p = -g as the kernel saw it: the effective gradient, bit for bit.
    private static (float[] Fused, float[] Unfused, FusedStepResult Result, double Norm) EffectiveGradients(
        float[] scaledGradients, double scale, double maxNorm)
    {
        var fusedGradients = scaledGradients.ToArray();
        var unfusedGradients = scaledGradients.ToArray();
        var fused = new Optimizer<float>(new Sgd(lr: 1),
            [new Parameter<float>(new float[fusedGradients.Length], fusedGradients)]);
        var unfused = new Optimizer<float>(new Sgd(lr: 1),
            [new Parameter<float>(new float[unfusedGradients.Length], unfusedGradients)]);
        var result = new GradScaler(initScale: scale).Step(fused, maxNorm);
        var scaler = new GradScaler(initScale: scale);
        scaler.Unscale(unfused);
        double norm = GradientClipping.ClipGradNorm(unfused, maxNorm);
        scaler.Step(unfused);
        return (fused.GetParameter(0, 0).Value.ToArray().Select(p => -p).ToArray(),
            unfused.GetParameter(0, 0).Value.ToArray().Select(p => -p).ToArray(), result, norm);
    }

    private static float[] Gradients(int seed, int count, double magnitude)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2 - 1) * magnitude)).ToArray();
    }

    // What each computes: the fused kernel rounds g * (clip / scale) once; the unfused calls round g / scale, then its
    // product with the clip coefficient.
    private static void AssertFormulas(float[] g, double scale,
        (float[] Fused, float[] Unfused, FusedStepResult Result, double Norm) run, double maxNorm)
    {
        float inverse = (float)(1.0 / (float)scale);
        float clip = (float)Math.Min(maxNorm / (run.Norm + 1e-6), 1.0);
        Assert.True(clip < 1, "the clip acts");
        Assert.Equal(run.Norm, run.Result.TotalNorm);
        float combined = (float)((double)inverse * clip);
        Assert.Equal(combined, run.Result.GradientScale);
        Bitwise.Equal<float>(g.Select(x => x * combined).ToArray(), run.Fused, "fused: g * (clip / scale)");
        Bitwise.Equal<float>(g.Select(x => x * inverse * clip).ToArray(), run.Unfused, "unfused: (g / scale) * clip");
    }

    [Fact]
    public void With_a_power_of_two_scale_and_normal_values_both_orders_give_the_same_bits()
    {
        var g = Gradients(seed: 1, 4096, magnitude: 3e4);
        var run = EffectiveGradients(g, scale: 32768, maxNorm: 0.3);
        AssertFormulas(g, 32768, run, 0.3);
        Bitwise.Equal<float>(run.Unfused, run.Fused, "fused against unfused");
    }

    [Fact]
    public void With_a_scale_that_is_no_power_of_two_the_orders_differ_in_the_last_bits()
    {
        var g = Gradients(seed: 2, 4096, magnitude: 3e4);
        var run = EffectiveGradients(g, scale: 3000, maxNorm: 0.3);
        AssertFormulas(g, 3000, run, 0.3);
        Assert.Contains(run.Fused.Zip(run.Unfused), pair => pair.First != pair.Second);
        // Two roundings of at most half an ulp each on either side: at most 2^-22 apart, relatively.
        Assert.All(run.Fused.Zip(run.Unfused), pair => Assert.True(
            Math.Abs((double)pair.First - pair.Second) <= Math.ScaleB(1.0001, -22) * Math.Abs(pair.Second)));
    }

    [Fact]
    public void When_g_over_the_scale_is_subnormal_the_orders_differ()
    {
        // |g| / 65536 below 2^-126: unscaling alone rounds away low bits that the fused product keeps.
        var g = Gradients(seed: 3, 4096, magnitude: 1e-34);
        var run = EffectiveGradients(g, scale: 65536, maxNorm: 1e-7);
        AssertFormulas(g, 65536, run, 1e-7);
        Assert.Contains(run.Fused.Zip(run.Unfused), pair => pair.First != pair.Second);
    }

    [Fact]
    public void Gradients_that_overflow_when_unscaled_skip_both_and_back_off_alike()
    {
        // A scale of 0.5 doubles the gradients: float.MaxValue / 1.5 becomes infinite.
        var fusedGradients = new float[] { 1, float.MaxValue / 1.5f, 2 };
        var unfusedGradients = fusedGradients.ToArray();
        var fused = new Optimizer<float>(new Adam(), [new Parameter<float>(new float[3], fusedGradients)]);
        var unfused = new Optimizer<float>(new Adam(), [new Parameter<float>(new float[3], unfusedGradients)]);
        var fusedScaler = new GradScaler(initScale: 0.5);
        var unfusedScaler = new GradScaler(initScale: 0.5);
        var result = fusedScaler.Step(fused, 1.0);
        unfusedScaler.Unscale(unfused);
        Assert.True(double.IsPositiveInfinity(GradientClipping.ClipGradNorm(unfused, 1.0)));
        Assert.False(unfusedScaler.Step(unfused));
        fusedScaler.Update();
        unfusedScaler.Update();
        Assert.Equal(new FusedStepResult(false, double.PositiveInfinity, 0), result);
        Assert.Equal(0.25, fusedScaler.Scale);
        Assert.Equal(Snapshot.Of(unfusedScaler), Snapshot.Of(fusedScaler));
        Assert.Equal(Snapshot.Of(unfused, includeGradients: false), Snapshot.Of(fused, includeGradients: false));
        Assert.Equal(0, fused.Groups[0].StepCount);
        Assert.Equal([1, float.MaxValue / 1.5f, 2], fusedGradients);
    }

    [Fact]
    public void A_double_norm_that_overflows_from_finite_gradients_clips_to_zero_as_unfused()
    {
        // 1e200² overflows in double: the norm is infinite but no gradient is, so the step is taken with coefficient 0.
        var fusedGradients = new double[] { 1e200, -3 };
        var unfusedGradients = fusedGradients.ToArray();
        var fused = new Optimizer<double>(new Sgd(lr: 1),
            [new Parameter<double>(new double[] { 1, 2 }, fusedGradients)]);
        var unfused = new Optimizer<double>(new Sgd(lr: 1),
            [new Parameter<double>(new double[] { 1, 2 }, unfusedGradients)]);
        var check = fused.CheckGradients();
        Assert.False(check.FoundNonFinite);
        Assert.Equal(double.PositiveInfinity, check.SumOfSquares);
        var result = new GradScaler(initScale: 1).Step(fused, 1.0);
        var scaler = new GradScaler(initScale: 1);
        scaler.Unscale(unfused);
        GradientClipping.ClipGradNorm(unfused, 1.0);
        Assert.True(scaler.Step(unfused));
        Assert.Equal(new FusedStepResult(true, double.PositiveInfinity, 0), result);
        Assert.Equal(Snapshot.Of(unfused, includeGradients: false), Snapshot.Of(fused, includeGradients: false));
        Assert.Equal([1.0, 2.0], fused.GetParameter(0, 0).Value.ToArray());
    }

    [Fact]
    public void Bad_calls_are_refused_and_change_nothing()
    {
        var gradient = new float[] { 2048, -1024 };
        var optimizer = new Optimizer<float>(new AdamW(), [new Parameter<float>(new float[2], gradient)]);
        var scaler = new GradScaler(initScale: 1024);
        string before = Snapshot.Of(optimizer);
        Assert.Throws<ArgumentNullException>(() => scaler.Step(null!, 1.0));
        Assert.Equal("maxNorm", Refused(() => scaler.Step(optimizer, -1)));
        Assert.Equal("maxNorm", Refused(() => scaler.Step(optimizer, double.NaN)));
        Assert.Equal("gradientScale", Refused(() => optimizer.Step(double.NaN)));
        Assert.Equal("gradientScale", Refused(() => optimizer.Step(1e39)));
        Assert.Equal("gradientScale", Refused(() => optimizer.CheckGradients(double.PositiveInfinity)));
        Assert.Equal(before, Snapshot.Of(optimizer));
        Assert.Contains("No gradients were checked", Assert.Throws<InvalidOperationException>(scaler.Update).Message);

        scaler.Unscale(optimizer);
        Assert.Contains("clip them and call Step(optimizer)", OutOfOrder(() => scaler.Step(optimizer, 1.0)));
        scaler.Step(optimizer);
        Assert.Contains("Step has already been called", OutOfOrder(() => scaler.Step(optimizer, 1.0)));
        scaler.Update();
        Assert.True(scaler.Step(optimizer, 1.0).Stepped);
        Assert.Contains("Step has already been called", OutOfOrder(() => scaler.Step(optimizer)));
    }

    // The name of the argument a call refuses.
    private static string? Refused(Action call) => Assert.Throws<ArgumentOutOfRangeException>(call).ParamName;

    // The message of a call made out of order.
    private static string OutOfOrder(Action call) => Assert.Throws<InvalidOperationException>(call).Message;
}
