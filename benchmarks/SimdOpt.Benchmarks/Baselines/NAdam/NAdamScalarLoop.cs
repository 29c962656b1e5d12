using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Baselines.NAdam;

/// <summary>NAdam as a plain float loop.</summary>
/// <param name="workload">The arrays to update.</param>
public sealed class NAdamScalarLoop(Workload workload) : NAdamBaseline(workload)
{
    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        var (p, g, m, v) = Slice(start, length);
        for (int i = 0; i < p.Length; i++)
        {
            m[i] = FirstMoment(m[i], g[i]);
            v[i] = SecondMoment(v[i], g[i]);
            float denom = MathF.Sqrt(v[i] * InverseBias2) + Eps;
            p[i] = p[i] - GradientStep * (g[i] / denom) - MomentumStep * (m[i] / denom);
        }
    }
}
