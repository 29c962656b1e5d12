using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Baselines.Adam;

/// <summary>
/// Adam and AdamW as the baselines implement them: p &lt;- p * (1 - lr * weight_decay) (AdamW only), the two moments,
/// then p &lt;- p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps).
/// </summary>
public abstract class AdamBaseline : AdamFamilyBaseline
{
    /// <summary>1 - lr * weight_decay for AdamW, 1 for Adam.</summary>
    protected readonly float Decay;

    /// <summary>Reads lr, the betas, eps and (for AdamW) weight decay; refuses AMSGrad and maximize.</summary>
    /// <param name="workload">The arrays to update.</param>
    /// <param name="decoupled">True for AdamW's decoupled weight decay; false for Adam, which then refuses weight
    /// decay.</param>
    protected AdamBaseline(Workload workload, bool decoupled) : base(workload, "exp_avg_sq")
    {
        RequireFlag("amsgrad", false);
        if (!decoupled) RequireHyperparameter("weight_decay", v => v == 0, "= 0");
        Decay = decoupled ? (float)(1 - Lr * Hyperparameter("weight_decay")) : 1f;
    }

    /// <summary>lr / (1 - beta1^t) of the prepared step.</summary>
    protected float StepSize { get; private set; }

    /// <summary>1 / sqrt(1 - beta2^t) of the prepared step.</summary>
    protected float InverseSqrtBias2 { get; private set; }

    /// <inheritdoc/>
    public override void Prepare(long t)
    {
        StepSize = (float)(Lr / (1 - Math.Pow(Beta1, t)));
        InverseSqrtBias2 = (float)(1 / Math.Sqrt(1 - Math.Pow(Beta2, t)));
    }
}
