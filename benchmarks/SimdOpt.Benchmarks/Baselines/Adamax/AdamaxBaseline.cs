using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Baselines.Adamax;

/// <summary>Adamax as the baselines implement it: m as in Adam; u &lt;- max(beta2 * u, |g| + eps); p &lt;- p - lr / (1
/// - beta1^t) * m / u.</summary>
public abstract class AdamaxBaseline : AdamFamilyBaseline
{
    /// <summary>Reads lr, the betas and eps; refuses maximize and weight decay.</summary>
    /// <param name="workload">The arrays to update.</param>
    protected AdamaxBaseline(Workload workload) : base(workload, "exp_inf")
    {
        RequireHyperparameter("weight_decay", v => v == 0, "= 0");
    }

    /// <summary>lr / (1 - beta1^t) of the prepared step.</summary>
    protected float StepSize { get; private set; }

    /// <inheritdoc/>
    public override void Prepare(long t) => StepSize = (float)(Lr / (1 - Math.Pow(Beta1, t)));
}
