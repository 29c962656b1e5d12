using SimdOpt.Benchmarks.Kernels;
using static System.Numerics.Tensors.TensorPrimitives;

namespace SimdOpt.Benchmarks.Baselines.Reducing;

/// <summary>timm's Mars (adamw, optimize_1d) composed from TensorPrimitives calls: the variance-reduced gradient,
/// clipped by its norm when that exceeds 1, then AdamW on it.</summary>
/// <param name="workload">The arrays to update.</param>
public sealed class MarsTensorPrimitives(Workload workload) : ReducingTensorPrimitives(workload, scratchArrays: 2)
{
    /// <inheritdoc/>
    protected override void Step(Span<float> p, ReadOnlySpan<float> g)
    {
        RequireFlag("optimize_1d", true);
        double beta1 = Hyperparameter("beta1");
        Span<float> m = State("exp_avg"), v = State("exp_avg_sq"), last = State("last_grad");
        Span<float> correction = Scratch(0), work = Scratch(1);
        g.CopyTo(correction);
        if (T > 1)
        {
            Subtract(g, last, correction);
            MultiplyAdd(correction, (float)(Hyperparameter("gamma") * (beta1 / (1 - beta1))), g, correction);
            float norm = Norm(correction);
            if (norm > 1) Divide(correction, norm, correction);
        }
        AdamMoments(correction, m, v, (float)(1 - beta1), work);
        Divide(m, (float)BiasCorrection(beta1), correction);
        Divide(correction, work, correction);
        MultiplyAdd(p, FloatHyperparameter("weight_decay"), correction, correction);
        MultiplyAdd(correction, -FloatHyperparameter("lr"), p, p);
        g.CopyTo(last);
    }
}
