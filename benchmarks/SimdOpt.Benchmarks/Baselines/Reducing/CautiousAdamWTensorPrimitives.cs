using SimdOpt.Benchmarks.Kernels;
using static System.Numerics.Tensors.TensorPrimitives;

namespace SimdOpt.Benchmarks.Baselines.Reducing;

/// <summary>timm's AdamW with <c>caution=True</c> composed from TensorPrimitives calls: the update masked where
/// exp_avg and g disagree in sign, renormalised by max(mean(mask), 1e-3).</summary>
/// <param name="workload">The arrays to update.</param>
public sealed class CautiousAdamWTensorPrimitives(Workload workload)
    : ReducingTensorPrimitives(workload, scratchArrays: 2)
{
    private readonly int[] _signs = new int[workload.Length];

    /// <inheritdoc/>
    protected override void Step(Span<float> p, ReadOnlySpan<float> g)
    {
        RequireFlag("amsgrad", false);
        RequireFlag("maximize", false);
        double lr = Hyperparameter("lr"), beta1 = Hyperparameter("beta1");
        Span<float> m = State("exp_avg"), v = State("exp_avg_sq"), denom = Scratch(0), mask = Scratch(1);
        double decay = Hyperparameter("weight_decay");
        if (decay != 0) Multiply(p, (float)(1 - lr * decay), p);
        AdamMoments(g, m, v, (float)(1 - beta1), denom);
        // mask = exp_avg * g > 0 ? 1 : 0, through the sign of the product.
        Multiply(m, g, mask);
        Sign(mask, _signs.AsSpan());
        ConvertTruncating<int, float>(_signs, mask);
        Max(mask, 0f, mask);
        double scale = Math.Max(Sum(mask) / (double)p.Length, 1e-3);
        Divide(mask, (float)scale, mask);
        Multiply(mask, m, mask);
        Divide(mask, denom, mask);
        MultiplyAdd(mask, (float)(-lr / BiasCorrection(beta1)), p, p);
    }
}
