namespace SimdOpt.Tests.References;

/// <summary>
/// torch.optim.NAdam exactly as in 1.13 (Dozat 2016 with a momentum schedule):
/// <c>mu_t = beta1 * (1 - 0.5 * 0.96^(t * momentum_decay))</c>, <c>mu_product *= mu_t</c>, and the second term divided
/// by <c>1 - mu_product * mu_t * mu_next</c> — 1.13 multiplies the already updated product by mu_t again, and the
/// golden trajectories hold that. L2 weight decay; maximize (later torch) negates the gradient first.
/// </summary>
internal sealed class NAdamReference : Reference
{
    /// <inheritdoc/>
    public override string Optimizer => "nadam";

    /// <inheritdoc/>
    public override void Step(ParamGroup group, long t, double[] p, double[] grad, ReferenceState state)
    {
        double lr = group["lr"], beta1 = group["beta1"], beta2 = group["beta2"], momentumDecay = group["momentum_decay"];
        var expAvg = state.Buffer("exp_avg", () => Filled(p.Length, 0));
        var expAvgSq = state.Buffer("exp_avg_sq", () => Filled(p.Length, 0));
        var g = Maximized(group, grad);
        AddWeightDecay(g, p, group["weight_decay"]);
        double biasCorrection2 = 1 - Math.Pow(beta2, t);
        double mu = beta1 * (1 - 0.5 * Math.Pow(0.96, t * momentumDecay));
        double muNext = beta1 * (1 - 0.5 * Math.Pow(0.96, (t + 1) * momentumDecay));
        double muProduct = state.Scalar("mu_product", 1) * mu;
        double muProductNext = muProduct * mu * muNext;
        state.SetScalar("mu_product", muProduct);
        for (int i = 0; i < p.Length; i++)
        {
            expAvg[i] = beta1 * expAvg[i] + (1 - beta1) * g[i];
            expAvgSq[i] = beta2 * expAvgSq[i] + (1 - beta2) * g[i] * g[i];
            double denom = Math.Sqrt(expAvgSq[i] / biasCorrection2) + group["eps"];
            p[i] -= lr * (1 - mu) / (1 - muProduct) * g[i] / denom;
            p[i] -= lr * muNext / (1 - muProductNext) * expAvg[i] / denom;
        }
    }
}
