using SimdOpt.Benchmarks.Kernels;
using static System.Numerics.Tensors.TensorPrimitives;

namespace SimdOpt.Benchmarks.Baselines.RAdam;

/// <summary>RAdam composed from TensorPrimitives calls.</summary>
/// <param name="workload">The arrays to update.</param>
public sealed class RAdamTensorPrimitives(Workload workload) : RAdamBaseline(workload)
{
    private readonly float[] _scratch = new float[workload.Length];

    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        var (p, g, m, v) = Slice(start, length);
        var tmp = _scratch.AsSpan(start, length);
        FirstMoment(m, g);
        SecondMoment(v, g, tmp);
        if (!Rectified)
        {
            MultiplyAdd(m, -StepSize, p, p);
            return;
        }
        Sqrt(v, tmp);
        Add(tmp, Eps, tmp);
        Divide(m, tmp, tmp);
        MultiplyAdd(tmp, -StepSize * SqrtBias2, p, p);
    }
}
