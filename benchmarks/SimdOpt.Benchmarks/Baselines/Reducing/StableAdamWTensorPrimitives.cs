using SimdOpt.Benchmarks.Kernels;
using static System.Numerics.Tensors.TensorPrimitives;

namespace SimdOpt.Benchmarks.Baselines.Reducing;

/// <summary>optimi's StableAdamW (without Kahan summation) composed from TensorPrimitives calls: debiased betas, the
/// learning rate divided by max(1, RMS(g² / max(v, eps²))), decoupled weight decay.</summary>
/// <param name="workload">The arrays to update.</param>
public sealed class StableAdamWTensorPrimitives(Workload workload)
    : ReducingTensorPrimitives(workload, scratchArrays: 2)
{
    /// <inheritdoc/>
    protected override void Step(Span<float> p, ReadOnlySpan<float> g)
    {
        double beta1 = Hyperparameter("beta1"), beta2 = Hyperparameter("beta2"), eps = Hyperparameter("eps");
        double beta1Comp = 1 - (Math.Pow(beta1, T) - beta1) / (Math.Pow(beta1, T) - 1);
        double beta2Hat = (Math.Pow(beta2, T) - beta2) / (Math.Pow(beta2, T) - 1);
        Span<float> m = State("exp_avg"), v = State("exp_avg_sq"), work = Scratch(0), squares = Scratch(1);
        // exp_avg.lerp_(g, beta1_comp)
        Subtract(g, m, work);
        MultiplyAdd(work, (float)beta1Comp, m, m);
        Multiply(v, (float)beta2Hat, v);
        Multiply(g, g, squares);
        MultiplyAdd(squares, (float)(1 - beta2Hat), v, v);
        Max(v, (float)(eps * eps), work);
        Divide(squares, work, work);
        double lr = Hyperparameter("lr") / Math.Max(1, Math.Sqrt(Sum(work) / (double)p.Length));
        double decay = Hyperparameter("weight_decay");
        if (decay != 0) Multiply(p, (float)(1 - lr * decay), p);
        Sqrt(v, work);
        Add(work, (float)eps, work);
        Divide(m, work, work);
        MultiplyAdd(work, (float)-lr, p, p);
    }
}
