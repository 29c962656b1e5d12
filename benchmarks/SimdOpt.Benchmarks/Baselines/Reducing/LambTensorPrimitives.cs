using SimdOpt.Benchmarks.Kernels;
using static System.Numerics.Tensors.TensorPrimitives;

namespace SimdOpt.Benchmarks.Baselines.Reducing;

/// <summary>timm's Lamb composed from TensorPrimitives calls: the gradient clipped by its norm, Adam's moments, the
/// update with L2 weight decay, scaled by the trust ratio ||p|| / ||update||.</summary>
/// <param name="workload">The arrays to update.</param>
public sealed class LambTensorPrimitives(Workload workload) : ReducingTensorPrimitives(workload, scratchArrays: 3)
{
    /// <inheritdoc/>
    protected override void Step(Span<float> p, ReadOnlySpan<float> g)
    {
        RequireFlag("bias_correction", true);
        double beta1 = Hyperparameter("beta1"), decay = Hyperparameter("weight_decay");
        double maxNorm = Hyperparameter("max_grad_norm");
        Span<float> m = State("exp_avg"), v = State("exp_avg_sq");
        Span<float> clipped = Scratch(0), work = Scratch(1), update = Scratch(2);
        g.CopyTo(clipped);
        if (maxNorm > 0) Divide(clipped, (float)Math.Max(Norm(g) / maxNorm, 1), clipped);
        AdamMoments(clipped, m, v, Workload.Hyperparameters.GetFlag("grad_averaging") ? (float)(1 - beta1) : 1f, work);
        Divide(m, (float)BiasCorrection(beta1), update);
        Divide(update, work, update);
        if (decay != 0) MultiplyAdd(p, (float)decay, update, update);
        double weightNorm = Norm(p), updateNorm = Norm(update);
        double trust = decay != 0 || Workload.Hyperparameters.GetFlag("always_adapt")
            ? Trust(weightNorm, updateNorm, weightNorm / updateNorm) : 1;
        if (Workload.Hyperparameters.GetFlag("trust_clip")) trust = Math.Min(trust, 1);
        MultiplyAdd(update, (float)(-Hyperparameter("lr") * trust), p, p);
    }
}
