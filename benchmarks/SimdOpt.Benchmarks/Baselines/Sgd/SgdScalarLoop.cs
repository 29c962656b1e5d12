using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Baselines.Sgd;

/// <summary>SGD with momentum as a plain float loop: what a user writes without SIMD.</summary>
/// <param name="workload">The arrays to update.</param>
public sealed class SgdScalarLoop(Workload workload) : SgdBaseline(workload)
{
    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        var p = Parameters(start, length);
        var g = Gradients(start, length);
        var buffer = State(BufferIndex, start, length);
        for (int i = 0; i < p.Length; i++)
        {
            buffer[i] = FirstStep ? g[i] : Momentum * buffer[i] + OneMinusDampening * g[i];
            p[i] -= Lr * buffer[i];
        }
    }
}
