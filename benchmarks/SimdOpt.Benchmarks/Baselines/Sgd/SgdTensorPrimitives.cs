using SimdOpt.Benchmarks.Kernels;
using static System.Numerics.Tensors.TensorPrimitives;

namespace SimdOpt.Benchmarks.Baselines.Sgd;

/// <summary>SGD with momentum composed from TensorPrimitives calls, one pass over memory per call.</summary>
/// <param name="workload">The arrays to update.</param>
public sealed class SgdTensorPrimitives(Workload workload) : SgdBaseline(workload)
{
    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        var p = Parameters(start, length);
        var g = Gradients(start, length);
        var buffer = State(BufferIndex, start, length);
        if (FirstStep) g.CopyTo(buffer);
        else
        {
            Multiply(buffer, Momentum, buffer);
            MultiplyAdd(g, OneMinusDampening, buffer, buffer);
        }
        MultiplyAdd(buffer, -Lr, p, p);
    }
}
