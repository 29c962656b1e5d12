using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Baselines.Adam;

/// <summary>Adam (or AdamW) as a plain float loop.</summary>
/// <param name="workload">The arrays to update.</param>
/// <param name="decoupled">True for AdamW.</param>
public sealed class AdamScalarLoop(Workload workload, bool decoupled) : AdamBaseline(workload, decoupled)
{
    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        var (p, g, m, v) = Slice(start, length);
        for (int i = 0; i < p.Length; i++)
        {
            m[i] = FirstMoment(m[i], g[i]);
            v[i] = SecondMoment(v[i], g[i]);
            p[i] = p[i] * Decay - StepSize * (m[i] / (MathF.Sqrt(v[i]) * InverseSqrtBias2 + Eps));
        }
    }
}
