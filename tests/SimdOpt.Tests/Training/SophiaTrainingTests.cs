using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

/// <summary>
/// Sophia end to end in the training runtime: the caller registers a Hessian-estimate buffer with each parameter
/// (<see cref="Parameter{T}.WithInput"/>) and fills it only before the steps that read it (t &gt; 1, (t - 1) % k == 0),
/// as the authors' training loop computes it every k steps. Two tensors side by side in one flat buffer, their
/// estimates too, are stepped as one run and give the bits of the static kernel stepped tensor by tensor.
/// </summary>
public sealed class SophiaTrainingTests
{
    private const int K = 3;
    private const int Steps = 120;
    private static readonly int[] Lengths = [37, 90];

    // A quadratic 0.5 * a * (w - c)^2 per element: gradient a * (w - c), exact diagonal Hessian a.
    private static float Curvature(int i) => 0.5f + (i % 7);

    private static float Target(int i) => MathF.Sin(i) * 0.5f;

    private static bool Due(long t) => t > 1 && (t - 1) % K == 0;

    private static void Gradients(ReadOnlySpan<float> w, Span<float> g, int first)
    {
        for (int i = 0; i < w.Length; i++) g[i] = Curvature(first + i) * (w[i] - Target(first + i));
    }

    private static float Loss(ReadOnlySpan<float> w)
    {
        double loss = 0;
        for (int i = 0; i < w.Length; i++) loss += 0.5 * Curvature(i) * Math.Pow(w[i] - Target(i), 2);
        return (float)loss;
    }

    private static float[] Start(int length) => Enumerable.Range(0, length).Select(i => MathF.Cos(i) * 2).ToArray();

    [Fact]
    public void The_estimate_supplied_every_k_steps_trains_and_matches_the_kernel_bit_for_bit()
    {
        var sophia = new Sophia(lr: 0.05, updatePeriod: K, bs: 1, rho: 1, weightDecay: 0.01);
        int total = Lengths.Sum();
        float[] values = Start(total), gradients = new float[total], estimates = new float[total];
        var optimizer = new Optimizer<float>(sophia);
        optimizer.AddGroup(Tensors(values, gradients, estimates));
        Assert.Single(optimizer.StepRuns);   // values, gradients and estimates each side by side: one run

        // The same steps through the static kernel, one tensor at a time.
        float[] expected = Start(total), g = new float[total], h = new float[total];
        float[] exp = new float[total], hessian = new float[total];
        float before = Loss(values);
        for (long t = 1; t <= Steps; t++)
        {
            Gradients(values, gradients, 0);
            Gradients(expected, g, 0);
            if (Due(t))
                for (int i = 0; i < total; i++) estimates[i] = h[i] = Curvature(i);
            else
                Array.Fill(estimates, float.NaN);   // never read on these steps
            optimizer.Step();
            for (int first = 0, k = 0; k < Lengths.Length; first += Lengths[k], k++)
                Sophia.Step(sophia, t, expected.AsSpan(first, Lengths[k]), g.AsSpan(first, Lengths[k]),
                    Due(t) ? h.AsSpan(first, Lengths[k]) : default, hessian.AsSpan(first, Lengths[k]),
                    exp.AsSpan(first, Lengths[k]));
        }

        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), values.Select(BitConverter.SingleToInt32Bits));
        var hessians = optimizer.GetState(0, 0, "hessian").ToArray()
            .Concat(optimizer.GetState(0, 1, "hessian").ToArray());
        Assert.Equal(hessian, hessians);
        Assert.True(Loss(values) < before / 100, $"loss {before} -> {Loss(values)}");
    }

    [Fact]
    public void A_step_that_reads_the_estimate_refuses_a_parameter_without_one_and_changes_nothing()
    {
        float[] w = Start(37), gw = new float[37];
        var optimizer = new Optimizer<float>(new Sophia(updatePeriod: K), [new Parameter<float>(w, gw)]);
        for (long t = 1; t <= K; t++)
        {
            Gradients(w, gw, 0);
            optimizer.Step();   // steps 1..k read no estimate
        }
        float[] kept = (float[])w.Clone(), keptMomentum = optimizer.GetState(0, 0, "exp_avg").ToArray();

        var e = Assert.Throws<InvalidOperationException>(optimizer.Step);

        Assert.Contains("'hessian_estimate'", e.Message, StringComparison.Ordinal);
        Assert.Contains($"Step {K + 1} of group 0", e.Message, StringComparison.Ordinal);
        Assert.Equal(kept, w);
        Assert.Equal(keptMomentum, optimizer.GetState(0, 0, "exp_avg").ToArray());
        Assert.Equal(K, optimizer.Groups[0].StepCount);
    }

    [Fact]
    public void An_input_the_optimizer_does_not_read_is_refused_naming_it()
    {
        float[] w = new float[8], gw = new float[8], h = new float[8];
        var e = Assert.Throws<ArgumentException>(() =>
            new Optimizer<float>(new AdamW(), [new Parameter<float>(w, gw).WithInput("hessian_estimate", h)]));
        Assert.Equal("parameters", e.ParamName);
        Assert.Contains("'hessian_estimate'", e.Message, StringComparison.Ordinal);
        Assert.Contains("reads no input besides the gradient", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_input_inside_a_parameter_is_refused()
    {
        float[] w = new float[16], gw = new float[16];
        var e = Assert.Throws<ArgumentException>(() => new Optimizer<float>(new Sophia(),
            [new Parameter<float>(w.AsMemory(0, 8), gw.AsMemory(0, 8))
                .WithInput("hessian_estimate", w.AsMemory(4, 8))]));
        Assert.Contains("input 'hessian_estimate' of tensor 0 in group 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_input_of_another_length_is_refused_by_the_parameter()
    {
        var parameter = new Parameter<float>(new float[8], new float[8]);
        var e = Assert.Throws<ArgumentException>(() => parameter.WithInput("hessian_estimate", new float[7]));
        Assert.Equal("values", e.ParamName);
    }

    private static IEnumerable<Parameter<float>> Tensors(float[] values, float[] gradients, float[] estimates)
    {
        for (int first = 0, k = 0; k < Lengths.Length; first += Lengths[k], k++)
            yield return new Parameter<float>(values.AsMemory(first, Lengths[k]), gradients.AsMemory(first, Lengths[k]))
                .WithInput("hessian_estimate", estimates.AsMemory(first, Lengths[k]));
    }
}
