using SimdOpt.Kernels;

namespace SimdOpt.Tests.Walkthrough;

/// <summary>
/// The optimizer of docs/spec-language.md's walk-through: the generated AdaBelief, stepped through its typed Step,
/// agrees with AdaBelief written out in double precision straight from the paper's algorithm.
/// </summary>
public sealed class AdaBeliefTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Length = 1000;
    private const int Steps = 200;

    /// <summary>One AdaBelief step in double precision, element by element, as Algorithm 2 of the paper writes
    /// it.</summary>
    private static void ReferenceStep(double[] p, double[] g, double[] m, double[] s, long t,
        double lr, double beta1, double beta2, double eps, double weightDecay)
    {
        for (int i = 0; i < p.Length; i++)
        {
            p[i] *= 1 - lr * weightDecay;
            m[i] = beta1 * m[i] + (1 - beta1) * g[i];
            s[i] = beta2 * s[i] + (1 - beta2) * (g[i] - m[i]) * (g[i] - m[i]) + eps;
            double mHat = m[i] / (1 - Math.Pow(beta1, t));
            double sHat = s[i] / (1 - Math.Pow(beta2, t));
            p[i] -= lr * mHat / (Math.Sqrt(sHat) + eps);
        }
    }

    // A noisy quadratic: the gradient of 0.5 * (p - target)^2 plus deterministic noise.
    private static double Gradient(double p, double target, int i, long t) => p - target + 0.05 * Math.Sin(12.9898 * i + 78.233 * t);

    private static double Target(int i) => Math.Sin(0.37 * i) * 2;

    /// <summary>Steps the generated kernel in T and the reference in double on the same gradients; returns the largest
    /// difference.</summary>
    private static double LargestDifference<T>(AdaBelief optimizer, Action<AdaBelief, long, T[], T[], T[], T[]> step)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        T[] p = new T[Length], g = new T[Length], m = new T[Length], s = new T[Length];
        double[] rp = new double[Length], rg = new double[Length], rm = new double[Length], rs = new double[Length];
        double largest = 0;
        for (long t = 1; t <= Steps; t++)
        {
            for (int i = 0; i < Length; i++)
            {
                g[i] = T.CreateTruncating(Gradient(double.CreateTruncating(p[i]), Target(i), i, t));
                rg[i] = double.CreateTruncating(g[i]);
            }
            step(optimizer, t, p, g, m, s);
            ReferenceStep(rp, rg, rm, rs, t, optimizer.Lr, optimizer.Beta1, optimizer.Beta2, optimizer.Eps, optimizer.WeightDecay);
            for (int i = 0; i < Length; i++) largest = Math.Max(largest, Math.Abs(double.CreateTruncating(p[i]) - rp[i]));
        }
        return largest;
    }

    [Fact]
    public void Double_kernel_agrees_with_the_reference_within_1e_12() =>
        AssertAgrees<double>(1e-12, (o, t, p, g, m, s) => AdaBelief.Step(o, t, p, g, m, s));

    [Fact]
    public void Float_kernel_agrees_with_the_reference_within_1e_4() =>
        AssertAgrees<float>(1e-4, (o, t, p, g, m, s) => AdaBelief.Step(o, t, p, g, m, s));

    private void AssertAgrees<T>(double tolerance, Action<AdaBelief, long, T[], T[], T[], T[]> step)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var adaBelief = new AdaBelief(lr: 0.01, weightDecay: 0.01);

        double largest = LargestDifference(adaBelief, step);

        output.WriteLine($"{typeof(T).Name}: largest difference from the reference {largest:E2}");
        Assert.True(largest <= tolerance, $"largest difference {largest:E3}, tolerance {tolerance:E0}");
    }

    [Fact]
    public void Every_code_path_gives_the_same_bits()
    {
        var adaBelief = new AdaBelief(lr: 0.01);
        float[] g = Enumerable.Range(0, Length).Select(i => (float)Gradient(0, Target(i), i, 1)).ToArray();
        float[]? first = null;
        foreach (var path in new[] { KernelPath.Scalar, KernelPath.Vector128, KernelPath.Vector256, KernelPath.Vector512, KernelPath.VectorT, KernelPath.Auto })
        {
            float[] p = new float[Length], m = new float[Length], s = new float[Length];
            for (long t = 1; t <= 3; t++) AdaBelief.Step(adaBelief, t, p, g, m, s, path);
            first ??= p;
            Assert.Equal(first, p);
        }
    }

    [Fact]
    public void It_converges_and_is_registered_by_name()
    {
        var adaBelief = new AdaBelief(lr: 0.05);
        float[] p = new float[Length], g = new float[Length], m = new float[Length], s = new float[Length];
        for (long t = 1; t <= 400; t++)
        {
            for (int i = 0; i < Length; i++) g[i] = (float)Gradient(p[i], Target(i), i, t);
            AdaBelief.Step(adaBelief, t, p, g, m, s);
        }

        double rms = Math.Sqrt(Enumerable.Range(0, Length).Average(i => (p[i] - Target(i)) * (p[i] - Target(i))));
        output.WriteLine($"RMS distance to the optimum after 400 steps: {rms:F4}");
        Assert.True(rms < 0.05, $"RMS distance to the optimum {rms:F4}");
        Assert.Equal(typeof(AdaBelief), OptimizerRegistry.Get("adabelief").Type);
        Assert.Equal(["exp_avg", "exp_avg_var"], AdaBelief.Descriptor.States.Select(state => state.Name));
    }
}
