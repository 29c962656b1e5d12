using SimdOpt.Averaging;
using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Tests.Support;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training.Averaging;

/// <summary>
/// <see cref="AveragedParameters{T}"/> with <see cref="Ema"/> and <see cref="Swa"/> against their formulas: torch's
/// lerp forms (each one fused multiply-add) and SWA's running mean bit for bit, the textbook averages in double within float rounding, timm's
/// warm-up, the first update's copy, swapping, and refusals.
/// </summary>
public sealed class AveragedParametersTests
{
    private static readonly int[] Lengths = [37, 300];

    // A trajectory of parameter values: the values of update u (1-based) of tensor k, element i.
    private static float Value(int u, int k, int i) =>
        (float)(Math.Sin(0.37 * u + 1.3 * i + k) + 0.1 * Math.Cos(u * i + 0.5));

    private static float[][] NewParameters() => Lengths.Select(n => new float[n]).ToArray();

    private static void Fill(float[][] parameters, int update)
    {
        for (int k = 0; k < parameters.Length; k++)
            for (int i = 0; i < parameters[k].Length; i++) parameters[k][i] = Value(update, k, i);
    }

    private static AveragedParameters<float> Averaged(float[][] parameters, OptimizerHyperparameters rule) =>
        new(parameters.Select(p => (Memory<float>)p), rule);

    [Theory]
    [InlineData(0.999)]   // weight 1 - decay below 0.5: a + w·(c - a)
    [InlineData(0.75)]
    [InlineData(0.5)]     // weight 0.5 and above: c - (c - a)·(1 - w), as torch.lerp switches
    [InlineData(0.2)]
    [InlineData(0.0)]     // every update copies
    public void Ema_is_torch_lerp_with_weight_one_minus_decay_bit_for_bit(double decay)
    {
        var parameters = NewParameters();
        Fill(parameters, 0);
        var ema = Averaged(parameters, new Ema(decay: decay));
        var expected = parameters.Select(p => (float[])p.Clone()).ToArray();
        double weight = 1 - decay;
        float w = (float)weight, oneMinusW = (float)(1 - weight);
        for (int u = 1; u <= 30; u++)
        {
            Fill(parameters, u);
            ema.Update();
            for (int k = 0; k < Lengths.Length; k++)
                for (int i = 0; i < Lengths[k]; i++)
                {
                    float a = expected[k][i], c = parameters[k][i];
                    // Each form contracted into one fused multiply-add, as the generator contracts them and as
                    // PyTorch 2's vectorized CPU lerp computes them: fma(w, c - a, a), fma(c - a, -(1 - w), c).
                    expected[k][i] = u == 1 || decay == 0 ? c
                        : weight < 0.5 ? MathF.FusedMultiplyAdd(w, c - a, a)
                        : MathF.FusedMultiplyAdd(c - a, -oneMinusW, c);
                }
            Assert.Equal(u, ema.AveragedCount);
        }
        for (int k = 0; k < Lengths.Length; k++) Bits.Equal(expected[k], ema.GetAverage(k).Span, $"tensor {k}");
    }

    [Fact]
    public void Ema_agrees_with_the_textbook_average_in_double()
    {
        const double decay = 0.9;
        var parameters = NewParameters();
        Fill(parameters, 0);
        var ema = Averaged(parameters, new Ema(decay: decay));
        double[][] reference = Lengths.Select(n => new double[n]).ToArray();
        for (int u = 1; u <= 200; u++)
        {
            Fill(parameters, u);
            ema.Update();
            for (int k = 0; k < Lengths.Length; k++)
                for (int i = 0; i < Lengths[k]; i++)
                    reference[k][i] = u == 1 ? Value(u, k, i) : decay * reference[k][i] + (1 - decay) * Value(u, k, i);
        }
        for (int k = 0; k < Lengths.Length; k++)
            for (int i = 0; i < Lengths[k]; i++)
                Assert.Equal(reference[k][i], ema.GetAverage(k).Span[i], 2e-6);
    }

    [Fact]
    public void Swa_is_torchs_running_mean_bit_for_bit_and_the_mean_in_double()
    {
        var parameters = NewParameters();
        Fill(parameters, 0);
        var swa = Averaged(parameters, new Swa());
        var expected = parameters.Select(p => (float[])p.Clone()).ToArray();
        double[][] sum = Lengths.Select(n => new double[n]).ToArray();
        const int updates = 150;
        for (int u = 1; u <= updates; u++)
        {
            Fill(parameters, u);
            swa.Update();
            for (int k = 0; k < Lengths.Length; k++)
                for (int i = 0; i < Lengths[k]; i++)
                {
                    float a = expected[k][i], c = parameters[k][i];
                    // torch: averaged + (current - averaged) / (n_averaged + 1), the division in float.
                    expected[k][i] = u == 1 ? c : a + (c - a) / u;
                    sum[k][i] += c;
                }
        }
        Assert.Equal(updates, swa.AveragedCount);
        for (int k = 0; k < Lengths.Length; k++)
        {
            Bits.Equal(expected[k], swa.GetAverage(k).Span, $"tensor {k}");
            for (int i = 0; i < Lengths[k]; i++) Assert.Equal(sum[k][i] / updates, swa.GetAverage(k).Span[i], 1e-5);
        }
    }

    [Theory]
    [InlineData("ema")]
    [InlineData("swa")]
    public void The_first_update_copies_the_parameters_exactly(string rule)
    {
        float[] p = [1, -2, float.PositiveInfinity, float.NaN, 1e30f];
        var averaged = new AveragedParameters<float>([p], rule == "ema" ? new Ema(decay: 0.9) : new Swa());
        Bits.Equal(p, averaged.GetAverage(0).Span, "the average starts as a copy");
        float[] next = [3, 4, -1e30f, 5, float.NegativeInfinity];
        next.CopyTo(p, 0);
        averaged.Update();
        Bits.Equal(next, averaged.GetAverage(0).Span, "the first update copies");
        Assert.Equal(1, averaged.AveragedCount);
    }

    // timm's ModelEmaV3.get_decay(step), step being the number of the update.
    private static double TimmDecay(long step, double decay, double minDecay, double updateAfterStep, bool useWarmup,
        double gamma, double power)
    {
        double s = Math.Max(0, step - updateAfterStep - 1);
        if (s <= 0) return 0;
        return useWarmup ? Math.Max(Math.Min(1 - Math.Pow(1 + s / gamma, -power), decay), minDecay) : decay;
    }

    [Theory]
    [InlineData(0.9999, 0.0, 0, true, 1.0, 2.0 / 3)]
    [InlineData(0.999, 0.5, 3, true, 2.0, 0.75)]
    [InlineData(0.99, 0.0, 5, false, 1.0, 2.0 / 3)]
    public void Ema_warms_its_decay_up_as_timm_ModelEmaV3(double decay, double minDecay, int updateAfterStep,
        bool useWarmup, double gamma, double power)
    {
        double[] p = new double[64];
        var ema = new AveragedParameters<double>([p], new Ema(decay, minDecay, updateAfterStep, gamma, power,
            useWarmup));
        double[] expected = new double[p.Length];
        for (int u = 1; u <= 300; u++)
        {
            for (int i = 0; i < p.Length; i++) p[i] = Math.Sin(0.1 * u * (i + 1)) + 0.01 * u;
            ema.Update();
            double d = TimmDecay(u, decay, minDecay, updateAfterStep, useWarmup, gamma, power), w = 1 - d;
            for (int i = 0; i < p.Length; i++)
                expected[i] = d == 0 ? p[i] : w < 0.5 ? Math.FusedMultiplyAdd(w, p[i] - expected[i], expected[i])
                    : Math.FusedMultiplyAdd(p[i] - expected[i], -(1 - w), p[i]);
        }
        Bits.Equal(expected, ema.GetAverage(0).Span, "average");
    }

    [Fact]
    public void Ema_warm_up_with_gamma_1_and_power_1_is_the_equal_average()
    {
        // timm: "If inv_gamma=1 and power=1, implements a simple average": decay_t = s / (s + 1).
        var parameters = NewParameters();
        Fill(parameters, 0);
        var ema = Averaged(parameters, new Ema(decay: 1, useWarmup: true, warmupGamma: 1, warmupPower: 1));
        double[][] sum = Lengths.Select(n => new double[n]).ToArray();
        for (int u = 1; u <= 100; u++)
        {
            Fill(parameters, u);
            ema.Update();
            for (int k = 0; k < Lengths.Length; k++)
                for (int i = 0; i < Lengths[k]; i++) sum[k][i] += parameters[k][i];
        }
        for (int k = 0; k < Lengths.Length; k++)
            for (int i = 0; i < Lengths[k]; i++) Assert.Equal(sum[k][i] / 100, ema.GetAverage(k).Span[i], 1e-5);
    }

    [Theory]
    [MemberData(nameof(Registered.NonScalarPathData), MemberType = typeof(Registered))]
    public void Every_kernel_path_gives_the_scalar_paths_average(KernelPath path)
    {
        float[][] Run(KernelPath kernelPath, OptimizerHyperparameters rule)
        {
            var parameters = NewParameters();
            Fill(parameters, 0);
            var averaged = Averaged(parameters, rule);
            for (int u = 1; u <= 12; u++)
            {
                Fill(parameters, u);
                averaged.Update(kernelPath);
            }
            return Enumerable.Range(0, Lengths.Length).Select(k => averaged.GetAverage(k).ToArray()).ToArray();
        }

        foreach (var rule in new OptimizerHyperparameters[] { new Ema(decay: 0.9), new Ema(decay: 0.3), new Swa() })
        {
            var scalar = Run(KernelPath.Scalar, rule);
            var other = Run(path, rule);
            for (int k = 0; k < Lengths.Length; k++) Bits.Equal(scalar[k], other[k], $"{rule} tensor {k}");
        }
    }

    [Fact]
    public void Averaging_an_optimizer_covers_every_tensor_of_every_group_in_order()
    {
        var fixture = new TrainingFixture<float>(3, 40, 7, 129);
        var optimizer = new Optimizer<float>(new AdamW(lr: 0.01));
        optimizer.AddGroup(fixture.Parameters(..2));
        optimizer.AddGroup(fixture.Parameters(2..));
        var ema = new AveragedParameters<float>(optimizer, new Ema(decay: 0.5));
        var expected = fixture.Values.Select(v => (float[])v.Clone()).ToArray();
        for (int step = 0; step < 5; step++)
        {
            fixture.ComputeGradients(step);
            optimizer.Step();
            ema.Update();
            for (int k = 0; k < expected.Length; k++)
                for (int i = 0; i < expected[k].Length; i++)
                    expected[k][i] = step == 0 ? fixture.Values[k][i]
                        : fixture.Values[k][i] - (fixture.Values[k][i] - expected[k][i]) * 0.5f;
        }
        Assert.Equal(3, ema.TensorCount);
        for (int k = 0; k < 3; k++) Bits.Equal(expected[k], ema.GetAverage(k).Span, $"tensor {k}");
    }

    [Fact]
    public void Swap_exchanges_the_average_and_the_parameters_and_back()
    {
        var parameters = NewParameters();
        Fill(parameters, 0);
        var ema = Averaged(parameters, new Ema(decay: 0.9));
        for (int u = 1; u <= 5; u++)
        {
            Fill(parameters, u);
            ema.Update();
        }
        var live = parameters.Select(p => (float[])p.Clone()).ToArray();
        var average = Enumerable.Range(0, Lengths.Length).Select(k => ema.GetAverage(k).ToArray()).ToArray();

        ema.Swap();
        Assert.True(ema.IsSwapped);
        for (int k = 0; k < Lengths.Length; k++)
        {
            Bits.Equal(average[k], parameters[k], "the parameters hold the average");
            Bits.Equal(live[k], ema.GetAverage(k).Span, "the average's place holds the parameters");
        }
        var refused = Assert.Throws<InvalidOperationException>(() => ema.Update());
        Assert.Contains("swapped", refused.Message);
        Assert.Throws<InvalidOperationException>(() => ema.Save(new MemoryStream()));
        Assert.Equal(5, ema.AveragedCount);

        ema.Swap();
        Assert.False(ema.IsSwapped);
        for (int k = 0; k < Lengths.Length; k++)
        {
            Bits.Equal(live[k], parameters[k], "the parameters are back");
            Bits.Equal(average[k], ema.GetAverage(k).Span, "the average is back");
        }
    }

    [Fact]
    public void CopyTo_copies_the_average_and_refuses_other_counts_and_lengths_copying_nothing()
    {
        var parameters = NewParameters();
        Fill(parameters, 1);
        var swa = Averaged(parameters, new Swa());
        float[][] destination = NewParameters();
        swa.CopyTo(destination.Select(d => (Memory<float>)d).ToArray());
        for (int k = 0; k < Lengths.Length; k++) Bits.Equal(parameters[k], destination[k], $"tensor {k}");

        float[] untouched = new float[Lengths[0]];
        var fewer = Assert.Throws<ArgumentException>(() => swa.CopyTo([untouched]));
        Assert.Equal("destination", fewer.ParamName);
        Assert.Contains("2 tensors, but 1 buffers", fewer.Message);
        var shorter = Assert.Throws<ArgumentException>(() => swa.CopyTo([untouched, new float[Lengths[1] - 1]]));
        Assert.Equal("destination", shorter.ParamName);
        Assert.Contains("Tensor 1 has 300 elements, but buffer 1 holds 299", shorter.Message);
        Assert.All(untouched, v => Assert.Equal(0f, v));
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void A_decay_outside_0_1_is_refused_naming_it(double decay)
    {
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => new Ema(decay: decay));
        Assert.Equal("decay", refused.ParamName);
        var ema = new Ema(decay: 0.9);
        Assert.Throws<ArgumentOutOfRangeException>(() => ema.Decay = decay);
        Assert.Equal(0.9, ema.Decay);
    }

    [Fact]
    public void An_optimizer_is_refused_as_a_rule_and_overlapping_buffers_as_parameters()
    {
        float[] p = new float[16];
        var optimizer = Assert.Throws<ArgumentException>(() => new AveragedParameters<float>([p], new AdamW()));
        Assert.Equal("rule", optimizer.ParamName);
        Assert.Contains("'adamw' is an optimizer, not an averaging rule", optimizer.Message);
        var sgd = Assert.Throws<ArgumentException>(() => new AveragedParameters<float>([p], new Sgd()));
        Assert.Equal("rule", sgd.ParamName);
        var overlap = Assert.Throws<ArgumentException>(() =>
            new AveragedParameters<float>([p.AsMemory(0, 10), p.AsMemory(8, 8)], new Swa()));
        Assert.Equal("parameters", overlap.ParamName);
        Assert.Throws<ArgumentNullException>(() => new AveragedParameters<float>([p], null!));
        Assert.Throws<ArgumentNullException>(() => new AveragedParameters<float>((Optimizer<float>)null!, new Swa()));
        var averaged = new AveragedParameters<float>([p], new Swa());
        Assert.Throws<ArgumentOutOfRangeException>(() => averaged.GetAverage(1));
        Assert.Equal("path", Assert.Throws<ArgumentOutOfRangeException>(() => averaged.Update((KernelPath)99)).ParamName);
        Assert.Equal(0, averaged.AveragedCount);
    }

    [Fact]
    public void The_averaging_rules_are_not_optimizers_of_the_registry()
    {
        Assert.False(OptimizerRegistry.TryGet("ema", out _));
        Assert.False(OptimizerRegistry.TryGet("swa", out _));
        Assert.DoesNotContain(OptimizerRegistry.All, info => info.Type == typeof(Ema) || info.Type == typeof(Swa));
    }
}
