using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Baselines.Adadelta;

/// <summary>Adadelta as a plain float loop.</summary>
/// <param name="workload">The arrays to update.</param>
public sealed class AdadeltaScalarLoop(Workload workload) : AdadeltaBaseline(workload)
{
    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        var p = Parameters(start, length);
        var g = Gradients(start, length);
        var squareAvg = State(SquareAverageIndex, start, length);
        var accDelta = State(AccumulatedDeltaIndex, start, length);
        for (int i = 0; i < p.Length; i++)
        {
            squareAvg[i] = Rho * squareAvg[i] + OneMinusRho * (g[i] * g[i]);
            float delta = MathF.Sqrt(accDelta[i] + Eps) / MathF.Sqrt(squareAvg[i] + Eps) * g[i];
            accDelta[i] = Rho * accDelta[i] + OneMinusRho * (delta * delta);
            p[i] -= Lr * delta;
        }
    }
}
