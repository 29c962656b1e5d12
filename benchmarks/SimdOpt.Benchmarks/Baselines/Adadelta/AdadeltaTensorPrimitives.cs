using SimdOpt.Benchmarks.Kernels;
using static System.Numerics.Tensors.TensorPrimitives;

namespace SimdOpt.Benchmarks.Baselines.Adadelta;

/// <summary>Adadelta composed from TensorPrimitives calls.</summary>
/// <param name="workload">The arrays to update.</param>
public sealed class AdadeltaTensorPrimitives(Workload workload) : AdadeltaBaseline(workload)
{
    private readonly float[] _delta = new float[workload.Length];
    private readonly float[] _scratch = new float[workload.Length];

    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        var p = Parameters(start, length);
        var g = Gradients(start, length);
        var squareAvg = State(SquareAverageIndex, start, length);
        var accDelta = State(AccumulatedDeltaIndex, start, length);
        var delta = _delta.AsSpan(start, length);
        var tmp = _scratch.AsSpan(start, length);
        Multiply(g, g, tmp);
        Multiply(squareAvg, Rho, squareAvg);
        MultiplyAdd(tmp, OneMinusRho, squareAvg, squareAvg);
        Add(squareAvg, Eps, tmp);
        Sqrt(tmp, tmp);
        Add(accDelta, Eps, delta);
        Sqrt(delta, delta);
        Divide(delta, tmp, delta);
        Multiply(delta, g, delta);
        Multiply(delta, delta, tmp);
        Multiply(accDelta, Rho, accDelta);
        MultiplyAdd(tmp, OneMinusRho, accDelta, accDelta);
        MultiplyAdd(delta, -Lr, p, p);
    }
}
