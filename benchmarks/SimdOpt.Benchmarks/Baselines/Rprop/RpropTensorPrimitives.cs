using SimdOpt.Benchmarks.Kernels;
using static System.Numerics.Tensors.TensorPrimitives;

namespace SimdOpt.Benchmarks.Baselines.Rprop;

/// <summary>
/// Rprop composed from TensorPrimitives calls. TensorPrimitives has no per-element select, so the branches become
/// arithmetic on s = sign(g * prev): the step-size factor is s * (s * b + a) + 1 (eta_plus for s = 1, eta_minus for
/// s = -1, 1 for s = 0) and the kept gradient is g * min(s + 1, 1).
/// </summary>
public sealed class RpropTensorPrimitives : RpropBaseline
{
    private readonly float _halfSpread;
    private readonly float _midpointMinusOne;
    private readonly float[] _scratch;
    private readonly float[] _signs;
    private readonly int[] _integerSigns;

    /// <summary>Derives the factor polynomial's coefficients and allocates the scratch arrays.</summary>
    /// <param name="workload">The arrays to update.</param>
    public RpropTensorPrimitives(Workload workload) : base(workload)
    {
        _halfSpread = (EtaPlus - EtaMinus) / 2;
        _midpointMinusOne = (EtaPlus + EtaMinus) / 2 - 1;
        _scratch = new float[workload.Length];
        _signs = new float[workload.Length];
        _integerSigns = new int[workload.Length];
    }

    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        var p = Parameters(start, length);
        var g = Gradients(start, length);
        var prev = State(PreviousIndex, start, length);
        var stepSize = State(StepSizeIndex, start, length);
        var tmp = _scratch.AsSpan(start, length);
        var signs = _signs.AsSpan(start, length);
        var integerSigns = _integerSigns.AsSpan(start, length);
        Multiply(g, prev, tmp);
        Sign(tmp, integerSigns);
        ConvertTruncating<int, float>(integerSigns, signs);
        Multiply(signs, _midpointMinusOne, tmp);
        Add(tmp, _halfSpread, tmp);
        Multiply(tmp, signs, tmp);
        Add(tmp, 1f, tmp);
        Multiply(stepSize, tmp, stepSize);
        Clamp(stepSize, StepSizeMin, StepSizeMax, stepSize);
        Add(signs, 1f, tmp);
        Min(tmp, 1f, tmp);
        Multiply(g, tmp, prev);
        Sign(prev, integerSigns);
        ConvertTruncating<int, float>(integerSigns, tmp);
        Multiply(tmp, stepSize, tmp);
        Subtract(p, tmp, p);
    }
}
