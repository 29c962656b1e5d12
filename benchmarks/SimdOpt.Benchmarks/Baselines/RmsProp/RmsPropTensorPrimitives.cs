using SimdOpt.Benchmarks.Kernels;
using static System.Numerics.Tensors.TensorPrimitives;

namespace SimdOpt.Benchmarks.Baselines.RmsProp;

/// <summary>RMSprop with momentum composed from TensorPrimitives calls.</summary>
/// <param name="workload">The arrays to update.</param>
public sealed class RmsPropTensorPrimitives(Workload workload) : RmsPropBaseline(workload)
{
    private readonly float[] _scratch = new float[workload.Length];

    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        var p = Parameters(start, length);
        var g = Gradients(start, length);
        var squareAvg = State(SquareAverageIndex, start, length);
        var buffer = State(BufferIndex, start, length);
        var tmp = _scratch.AsSpan(start, length);
        Multiply(g, g, tmp);
        Multiply(squareAvg, Alpha, squareAvg);
        MultiplyAdd(tmp, OneMinusAlpha, squareAvg, squareAvg);
        Sqrt(squareAvg, tmp);
        Add(tmp, Eps, tmp);
        Divide(g, tmp, tmp);
        MultiplyAdd(buffer, Momentum, tmp, buffer);
        MultiplyAdd(buffer, -Lr, p, p);
    }
}
