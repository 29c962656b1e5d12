using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Baselines.RAdam;

/// <summary>RAdam as a plain float loop.</summary>
/// <param name="workload">The arrays to update.</param>
public sealed class RAdamScalarLoop(Workload workload) : RAdamBaseline(workload)
{
    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        var (p, g, m, v) = Slice(start, length);
        for (int i = 0; i < p.Length; i++)
        {
            m[i] = FirstMoment(m[i], g[i]);
            v[i] = SecondMoment(v[i], g[i]);
            p[i] -= Rectified ? StepSize * m[i] * (SqrtBias2 / (MathF.Sqrt(v[i]) + Eps)) : StepSize * m[i];
        }
    }
}
