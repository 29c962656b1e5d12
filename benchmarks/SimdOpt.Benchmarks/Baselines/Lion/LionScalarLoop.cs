using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Baselines.Lion;

/// <summary>Lion as a plain float loop.</summary>
/// <param name="workload">The arrays to update.</param>
public sealed class LionScalarLoop(Workload workload) : LionBaseline(workload)
{
    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        var p = Parameters(start, length);
        var g = Gradients(start, length);
        var m = State(MomentumIndex, start, length);
        for (int i = 0; i < p.Length; i++)
        {
            float direction = Beta1 * m[i] + OneMinusBeta1 * g[i];
            p[i] = p[i] * Decay - Lr * MathF.Sign(direction);
            m[i] = Beta2 * m[i] + OneMinusBeta2 * g[i];
        }
    }
}
