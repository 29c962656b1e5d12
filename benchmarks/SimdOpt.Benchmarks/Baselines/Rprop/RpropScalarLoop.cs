using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Baselines.Rprop;

/// <summary>Rprop as a plain float loop.</summary>
/// <param name="workload">The arrays to update.</param>
public sealed class RpropScalarLoop(Workload workload) : RpropBaseline(workload)
{
    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        var p = Parameters(start, length);
        var g = Gradients(start, length);
        var prev = State(PreviousIndex, start, length);
        var stepSize = State(StepSizeIndex, start, length);
        for (int i = 0; i < p.Length; i++)
        {
            float gradient = g[i];
            float agreement = gradient * prev[i];
            float factor = 1f;
            if (agreement > 0) factor = EtaPlus;
            else if (agreement < 0) { factor = EtaMinus; gradient = 0; }
            stepSize[i] = Math.Clamp(stepSize[i] * factor, StepSizeMin, StepSizeMax);
            p[i] -= MathF.Sign(gradient) * stepSize[i];
            prev[i] = gradient;
        }
    }
}
