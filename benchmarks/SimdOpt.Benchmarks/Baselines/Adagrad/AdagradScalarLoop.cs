using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Baselines.Adagrad;

/// <summary>Adagrad as a plain float loop.</summary>
/// <param name="workload">The arrays to update.</param>
public sealed class AdagradScalarLoop(Workload workload) : AdagradBaseline(workload)
{
    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        var p = Parameters(start, length);
        var g = Gradients(start, length);
        var sum = State(SumIndex, start, length);
        for (int i = 0; i < p.Length; i++)
        {
            sum[i] += g[i] * g[i];
            p[i] -= DecayedLr * (g[i] / (MathF.Sqrt(sum[i]) + Eps));
        }
    }
}
