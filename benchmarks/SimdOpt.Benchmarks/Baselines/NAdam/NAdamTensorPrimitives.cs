using SimdOpt.Benchmarks.Kernels;
using static System.Numerics.Tensors.TensorPrimitives;

namespace SimdOpt.Benchmarks.Baselines.NAdam;

/// <summary>NAdam composed from TensorPrimitives calls.</summary>
/// <param name="workload">The arrays to update.</param>
public sealed class NAdamTensorPrimitives(Workload workload) : NAdamBaseline(workload)
{
    private readonly float[] _denominator = new float[workload.Length];
    private readonly float[] _scratch = new float[workload.Length];

    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        var (p, g, m, v) = Slice(start, length);
        var denom = _denominator.AsSpan(start, length);
        var tmp = _scratch.AsSpan(start, length);
        FirstMoment(m, g);
        SecondMoment(v, g, tmp);
        Multiply(v, InverseBias2, denom);
        Sqrt(denom, denom);
        Add(denom, Eps, denom);
        Divide(g, denom, tmp);
        MultiplyAdd(tmp, -GradientStep, p, p);
        Divide(m, denom, tmp);
        MultiplyAdd(tmp, -MomentumStep, p, p);
    }
}
