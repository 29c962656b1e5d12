using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Baselines.RAdam;

/// <summary>
/// RAdam as the baselines implement it: the moments as in Adam; once rho_t &gt; 5, p &lt;- p - m * lr * rect /
/// (1 - beta1^t) * sqrt(1 - beta2^t) / (sqrt(v) + eps); before that, p &lt;- p - m * lr / (1 - beta1^t).
/// </summary>
public abstract class RAdamBaseline : AdamFamilyBaseline
{
    /// <summary>Reads lr, the betas and eps; refuses maximize and weight decay.</summary>
    /// <param name="workload">The arrays to update.</param>
    protected RAdamBaseline(Workload workload) : base(workload, "exp_avg_sq")
    {
        RequireHyperparameter("weight_decay", v => v == 0, "= 0");
    }

    /// <summary>Whether the prepared step is rectified (rho_t &gt; 5).</summary>
    protected bool Rectified { get; private set; }

    /// <summary>lr * rect / (1 - beta1^t) of the prepared step (rect = 1 when not rectified).</summary>
    protected float StepSize { get; private set; }

    /// <summary>sqrt(1 - beta2^t) of the prepared step.</summary>
    protected float SqrtBias2 { get; private set; }

    /// <inheritdoc/>
    public override void Prepare(long t)
    {
        double bias1 = 1 - Math.Pow(Beta1, t);
        double bias2 = 1 - Math.Pow(Beta2, t);
        double rhoInf = 2 / (1 - Beta2) - 1;
        double rhoT = rhoInf - 2 * t * Math.Pow(Beta2, t) / bias2;
        Rectified = rhoT > 5;
        double rect = Rectified ? Math.Sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 1;
        StepSize = (float)(Lr * rect / bias1);
        SqrtBias2 = (float)Math.Sqrt(bias2);
    }
}
