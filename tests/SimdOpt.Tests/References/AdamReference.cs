namespace SimdOpt.Tests.References;

/// <summary>
/// torch.optim.Adam (1.13, Kingma and Ba 2015): bias-corrected first and second moments, the AMSGrad running maximum
/// of the second moment, L2 weight decay, maximize.
/// </summary>
internal sealed class AdamReference : Reference
{
    /// <inheritdoc/>
    public override string Optimizer => "adam";

    /// <inheritdoc/>
    public override void Step(ParamGroup group, long t, double[] p, double[] grad, ReferenceState state)
    {
        var g = Maximized(group, grad);
        AddWeightDecay(g, p, group["weight_decay"]);
        Update(group, t, p, g, state);
    }

    /// <summary>
    /// Adam's step after the gradient is final, shared with AdamW:
    /// <c>p -= lr / (1 - beta1^t) * exp_avg / (sqrt(v) / sqrt(1 - beta2^t) + eps)</c>, v the second moment or its
    /// running maximum.
    /// </summary>
    public static void Update(ParamGroup group, long t, double[] p, double[] g, ReferenceState state)
    {
        double beta1 = group["beta1"], beta2 = group["beta2"];
        bool amsgrad = group.Flag("amsgrad");
        var expAvg = state.Buffer("exp_avg", () => Filled(p.Length, 0));
        var expAvgSq = state.Buffer("exp_avg_sq", () => Filled(p.Length, 0));
        var maxExpAvgSq = amsgrad ? state.Buffer("max_exp_avg_sq", () => Filled(p.Length, 0)) : null;
        double biasCorrection1 = 1 - Math.Pow(beta1, t);
        double biasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(beta2, t));
        double stepSize = group["lr"] / biasCorrection1;
        for (int i = 0; i < p.Length; i++)
        {
            expAvg[i] = beta1 * expAvg[i] + (1 - beta1) * g[i];
            expAvgSq[i] = beta2 * expAvgSq[i] + (1 - beta2) * g[i] * g[i];
            double second = expAvgSq[i];
            if (maxExpAvgSq is not null) second = maxExpAvgSq[i] = Math.Max(maxExpAvgSq[i], expAvgSq[i]);
            double denom = Math.Sqrt(second) / biasCorrection2Sqrt + group["eps"];
            p[i] -= stepSize * expAvg[i] / denom;
        }
    }
}
