namespace SimdOpt.Tests.References;

/// <summary>
/// torch.optim.RAdam (1.13, Liu et al. 2020): Adam whose adaptive term is used only once the length of the
/// approximated simple moving average <c>rho_t</c> exceeds 5, multiplied by the rectification term; before that, a
/// bias-corrected momentum step. L2 weight decay; maximize (later torch) negates the gradient first.
/// </summary>
internal sealed class RAdamReference : Reference
{
    /// <inheritdoc/>
    public override string Optimizer => "radam";

    /// <inheritdoc/>
    public override void Step(ParamGroup group, long t, double[] p, double[] grad, ReferenceState state)
    {
        double lr = group["lr"], beta1 = group["beta1"], beta2 = group["beta2"];
        var expAvg = state.Buffer("exp_avg", () => Filled(p.Length, 0));
        var expAvgSq = state.Buffer("exp_avg_sq", () => Filled(p.Length, 0));
        var g = Maximized(group, grad);
        AddWeightDecay(g, p, group["weight_decay"]);
        double biasCorrection1 = 1 - Math.Pow(beta1, t);
        double biasCorrection2 = 1 - Math.Pow(beta2, t);
        double rhoInf = 2 / (1 - beta2) - 1;
        double rhoT = rhoInf - 2 * t * Math.Pow(beta2, t) / biasCorrection2;
        for (int i = 0; i < p.Length; i++)
        {
            expAvg[i] = beta1 * expAvg[i] + (1 - beta1) * g[i];
            expAvgSq[i] = beta2 * expAvgSq[i] + (1 - beta2) * g[i] * g[i];
            double biasCorrectedExpAvg = expAvg[i] / biasCorrection1;
            if (rhoT > 5)
            {
                double rect = Math.Sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
                double adaptiveLr = Math.Sqrt(biasCorrection2) / (Math.Sqrt(expAvgSq[i]) + group["eps"]);
                p[i] -= biasCorrectedExpAvg * lr * adaptiveLr * rect;
            }
            else
            {
                p[i] -= biasCorrectedExpAvg * lr;
            }
        }
    }
}
