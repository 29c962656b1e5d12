using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Baselines.Lion;

/// <summary>Lion as the baselines implement it: p &lt;- p * (1 - lr * weight_decay) - lr * sign(beta1 * m + (1 - beta1)
/// * g); m &lt;- beta2 * m + (1 - beta2) * g.</summary>
public abstract class LionBaseline : BaselineKernel
{
    /// <summary>The learning rate.</summary>
    protected readonly float Lr;

    /// <summary>The interpolation factor of the direction.</summary>
    protected readonly float Beta1;

    /// <summary>1 - beta1.</summary>
    protected readonly float OneMinusBeta1;

    /// <summary>The decay of the momentum.</summary>
    protected readonly float Beta2;

    /// <summary>1 - beta2.</summary>
    protected readonly float OneMinusBeta2;

    /// <summary>1 - lr * weight_decay.</summary>
    protected readonly float Decay;

    /// <summary>The index of exp_avg.</summary>
    protected readonly int MomentumIndex;

    /// <summary>Reads lr, the betas and the decoupled weight decay.</summary>
    /// <param name="workload">The arrays to update.</param>
    protected LionBaseline(Workload workload) : base(workload)
    {
        Lr = FloatHyperparameter("lr");
        Beta1 = FloatHyperparameter("beta1");
        OneMinusBeta1 = (float)(1 - Hyperparameter("beta1"));
        Beta2 = FloatHyperparameter("beta2");
        OneMinusBeta2 = (float)(1 - Hyperparameter("beta2"));
        Decay = (float)(1 - Hyperparameter("lr") * Hyperparameter("weight_decay"));
        MomentumIndex = StateIndex("exp_avg");
    }

    /// <inheritdoc/>
    public override void Prepare(long t) { }
}
