using SimdOpt.Benchmarks.Kernels;
using static System.Numerics.Tensors.TensorPrimitives;

namespace SimdOpt.Benchmarks.Baselines.Adagrad;

/// <summary>Adagrad composed from TensorPrimitives calls.</summary>
/// <param name="workload">The arrays to update.</param>
public sealed class AdagradTensorPrimitives(Workload workload) : AdagradBaseline(workload)
{
    private readonly float[] _scratch = new float[workload.Length];

    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        var p = Parameters(start, length);
        var g = Gradients(start, length);
        var sum = State(SumIndex, start, length);
        var tmp = _scratch.AsSpan(start, length);
        Multiply(g, g, tmp);
        Add(sum, tmp, sum);
        Sqrt(sum, tmp);
        Add(tmp, Eps, tmp);
        Divide(g, tmp, tmp);
        MultiplyAdd(tmp, -DecayedLr, p, p);
    }
}
