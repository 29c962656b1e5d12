namespace SimdOpt.Tests.References;

/// <summary>
/// torch.optim.Adamax (1.13, Kingma and Ba 2015, section 7.1): the second moment replaced by the exponentially
/// weighted infinity norm <c>max(beta2 * exp_inf, |g| + eps)</c>; bias correction of the first moment only; L2 weight
/// decay, maximize.
/// </summary>
internal sealed class AdamaxReference : Reference
{
    /// <inheritdoc/>
    public override string Optimizer => "adamax";

    /// <inheritdoc/>
    public override void Step(ParamGroup group, long t, double[] p, double[] grad, ReferenceState state)
    {
        double beta1 = group["beta1"], beta2 = group["beta2"];
        var expAvg = state.Buffer("exp_avg", () => Filled(p.Length, 0));
        var expInf = state.Buffer("exp_inf", () => Filled(p.Length, 0));
        var g = Maximized(group, grad);
        AddWeightDecay(g, p, group["weight_decay"]);
        double clr = group["lr"] / (1 - Math.Pow(beta1, t));
        for (int i = 0; i < p.Length; i++)
        {
            expAvg[i] = beta1 * expAvg[i] + (1 - beta1) * g[i];
            expInf[i] = Math.Max(beta2 * expInf[i], Math.Abs(g[i]) + group["eps"]);
            p[i] -= clr * expAvg[i] / expInf[i];
        }
    }
}
