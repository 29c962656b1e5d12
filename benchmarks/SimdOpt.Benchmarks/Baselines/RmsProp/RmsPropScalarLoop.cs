using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Baselines.RmsProp;

/// <summary>RMSprop with momentum as a plain float loop.</summary>
/// <param name="workload">The arrays to update.</param>
public sealed class RmsPropScalarLoop(Workload workload) : RmsPropBaseline(workload)
{
    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        var p = Parameters(start, length);
        var g = Gradients(start, length);
        var squareAvg = State(SquareAverageIndex, start, length);
        var buffer = State(BufferIndex, start, length);
        for (int i = 0; i < p.Length; i++)
        {
            squareAvg[i] = Alpha * squareAvg[i] + OneMinusAlpha * (g[i] * g[i]);
            buffer[i] = Momentum * buffer[i] + g[i] / (MathF.Sqrt(squareAvg[i]) + Eps);
            p[i] -= Lr * buffer[i];
        }
    }
}
