using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Baselines.Adamax;

/// <summary>Adamax as a plain float loop.</summary>
/// <param name="workload">The arrays to update.</param>
public sealed class AdamaxScalarLoop(Workload workload) : AdamaxBaseline(workload)
{
    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        var (p, g, m, u) = Slice(start, length);
        for (int i = 0; i < p.Length; i++)
        {
            m[i] = FirstMoment(m[i], g[i]);
            u[i] = MathF.Max(FloatBeta2 * u[i], MathF.Abs(g[i]) + Eps);
            p[i] -= StepSize * (m[i] / u[i]);
        }
    }
}
