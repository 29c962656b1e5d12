using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Baselines.NAdam;

/// <summary>
/// NAdam with torch 1.13's momentum schedule, as SimdOpt declares it: the moments as in Adam, denom =
/// sqrt(v / (1 - beta2^t)) + eps, then p &lt;- p - lr (1 - mu) / (1 - mu_product) * g / denom
/// - lr mu_next / (1 - mu_product mu mu_next) * m / denom.
/// </summary>
public abstract class NAdamBaseline : AdamFamilyBaseline
{
    private readonly double _momentumDecay;
    private double _muProduct = 1;

    /// <summary>Reads lr, the betas, eps and momentum_decay; refuses maximize and weight decay.</summary>
    /// <param name="workload">The arrays to update.</param>
    protected NAdamBaseline(Workload workload) : base(workload, "exp_avg_sq")
    {
        RequireHyperparameter("weight_decay", v => v == 0, "= 0");
        _momentumDecay = Hyperparameter("momentum_decay");
    }

    /// <summary>The factor of g / denom in the prepared step.</summary>
    protected float GradientStep { get; private set; }

    /// <summary>The factor of m / denom in the prepared step.</summary>
    protected float MomentumStep { get; private set; }

    /// <summary>1 / (1 - beta2^t) of the prepared step.</summary>
    protected float InverseBias2 { get; private set; }

    /// <inheritdoc/>
    public override void Prepare(long t)
    {
        double mu = Beta1 * (1 - 0.5 * Math.Pow(0.96, t * _momentumDecay));
        double muNext = Beta1 * (1 - 0.5 * Math.Pow(0.96, (t + 1) * _momentumDecay));
        _muProduct *= mu;
        GradientStep = (float)(Lr * (1 - mu) / (1 - _muProduct));
        MomentumStep = (float)(Lr * muNext / (1 - _muProduct * mu * muNext));
        InverseBias2 = (float)(1 / (1 - Math.Pow(Beta2, t)));
    }
}
