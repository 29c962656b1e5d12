using SimdOpt.Benchmarks.Kernels;
using static System.Numerics.Tensors.TensorPrimitives;

namespace SimdOpt.Benchmarks.Baselines.Reducing;

/// <summary>timm's Lars composed from TensorPrimitives calls: the trust ratio from ||p|| and ||g||, applied with the
/// weight decay to the gradient, then SGD with momentum (without Nesterov).</summary>
/// <param name="workload">The arrays to update.</param>
public sealed class LarsTensorPrimitives(Workload workload) : ReducingTensorPrimitives(workload, scratchArrays: 1)
{
    /// <inheritdoc/>
    protected override void Step(Span<float> p, ReadOnlySpan<float> g)
    {
        RequireFlag("nesterov", false);
        RequireHyperparameter("momentum", m => m != 0, "other than 0");
        double lr = Hyperparameter("lr"), decay = Hyperparameter("weight_decay");
        double momentum = Hyperparameter("momentum");
        Span<float> buffer = State("momentum_buffer"), update = Scratch(0);
        g.CopyTo(update);
        if (decay != 0 || Workload.Hyperparameters.GetFlag("always_adapt"))
        {
            double weightNorm = Norm(p), gradientNorm = Norm(g);
            double trust = Trust(weightNorm, gradientNorm, Hyperparameter("trust_coeff") * weightNorm
                / (gradientNorm + weightNorm * decay + Hyperparameter("eps")));
            if (Workload.Hyperparameters.GetFlag("trust_clip")) trust = Math.Min(trust / lr, 1);
            MultiplyAdd(p, (float)decay, update, update);
            Multiply(update, (float)trust, update);
        }
        if (T == 1)
        {
            update.CopyTo(buffer);
        }
        else
        {
            Multiply(buffer, (float)momentum, buffer);
            MultiplyAdd(update, (float)(1 - Hyperparameter("dampening")), buffer, buffer);
        }
        MultiplyAdd(buffer, (float)-lr, p, p);
    }
}
