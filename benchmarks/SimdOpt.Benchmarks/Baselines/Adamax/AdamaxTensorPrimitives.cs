using SimdOpt.Benchmarks.Kernels;
using static System.Numerics.Tensors.TensorPrimitives;

namespace SimdOpt.Benchmarks.Baselines.Adamax;

/// <summary>Adamax composed from TensorPrimitives calls.</summary>
/// <param name="workload">The arrays to update.</param>
public sealed class AdamaxTensorPrimitives(Workload workload) : AdamaxBaseline(workload)
{
    private readonly float[] _scratch = new float[workload.Length];

    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        var (p, g, m, u) = Slice(start, length);
        var tmp = _scratch.AsSpan(start, length);
        FirstMoment(m, g);
        Abs(g, tmp);
        Add(tmp, Eps, tmp);
        Multiply(u, FloatBeta2, u);
        Max(u, tmp, u);
        Divide(m, u, tmp);
        MultiplyAdd(tmp, -StepSize, p, p);
    }
}
