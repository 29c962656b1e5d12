using SimdOpt.Benchmarks.Kernels;
using static System.Numerics.Tensors.TensorPrimitives;

namespace SimdOpt.Benchmarks.Baselines.Adam;

/// <summary>Adam (or AdamW) composed from TensorPrimitives calls: ten (eleven for AdamW) passes over memory.</summary>
/// <param name="workload">The arrays to update.</param>
/// <param name="decoupled">True for AdamW.</param>
public sealed class AdamTensorPrimitives(Workload workload, bool decoupled) : AdamBaseline(workload, decoupled)
{
    private readonly float[] _scratch = new float[workload.Length];

    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        var (p, g, m, v) = Slice(start, length);
        var tmp = _scratch.AsSpan(start, length);
        if (Decay != 1f) Multiply(p, Decay, p);
        FirstMoment(m, g);
        SecondMoment(v, g, tmp);
        Sqrt(v, tmp);
        Multiply(tmp, InverseSqrtBias2, tmp);
        Add(tmp, Eps, tmp);
        Divide(m, tmp, tmp);
        MultiplyAdd(tmp, -StepSize, p, p);
    }
}
