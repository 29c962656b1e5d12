using SimdOpt.Benchmarks.Kernels;
using static System.Numerics.Tensors.TensorPrimitives;

namespace SimdOpt.Benchmarks.Baselines.Lion;

/// <summary>Lion composed from TensorPrimitives calls.</summary>
/// <param name="workload">The arrays to update.</param>
public sealed class LionTensorPrimitives(Workload workload) : LionBaseline(workload)
{
    private readonly float[] _scratch = new float[workload.Length];
    private readonly int[] _integerSigns = new int[workload.Length];

    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        var p = Parameters(start, length);
        var g = Gradients(start, length);
        var m = State(MomentumIndex, start, length);
        var tmp = _scratch.AsSpan(start, length);
        var integerSigns = _integerSigns.AsSpan(start, length);
        Multiply(m, Beta1, tmp);
        MultiplyAdd(g, OneMinusBeta1, tmp, tmp);
        Sign(tmp, integerSigns);
        ConvertTruncating<int, float>(integerSigns, tmp);
        if (Decay != 1f) Multiply(p, Decay, p);
        MultiplyAdd(tmp, -Lr, p, p);
        Multiply(m, Beta2, m);
        MultiplyAdd(g, OneMinusBeta2, m, m);
    }
}
