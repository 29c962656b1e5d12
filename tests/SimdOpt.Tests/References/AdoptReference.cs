namespace SimdOpt.Tests.References;

/// <summary>
/// timm.optim.Adopt (Taniguchi et al. 2024, Algorithm 2 with clipping): the first step only sets the second moment to
/// g²; later steps normalise the gradient by the square root of the previous second moment (at least eps), clip it to
/// ±(t - 1)^clip_exp when clipping is on, average it into the first moment and step by lr times that, and only then
/// update the second moment. L2 or decoupled weight decay; maximize negates the gradient first.
/// </summary>
internal sealed class AdoptReference : Reference
{
    /// <inheritdoc/>
    public override string Optimizer => "adopt";

    /// <inheritdoc/>
    public override void Step(ParamGroup group, long t, double[] p, double[] grad, ReferenceState state)
    {
        double lr = group["lr"], beta1 = group["beta1"], beta2 = group["beta2"], weightDecay = group["weight_decay"];
        bool decoupled = group.Flag("decoupled");
        var expAvg = state.Buffer("exp_avg", () => Filled(p.Length, 0));
        var expAvgSq = state.Buffer("exp_avg_sq", () => Filled(p.Length, 0));
        var g = Maximized(group, grad);
        if (!decoupled) AddWeightDecay(g, p, weightDecay);
        if (t == 1)
        {
            for (int i = 0; i < p.Length; i++) expAvgSq[i] += g[i] * g[i];
            return;
        }
        double clip = Math.Pow(t - 1, group["clip_exp"]);
        for (int i = 0; i < p.Length; i++)
        {
            if (decoupled) p[i] -= lr * weightDecay * p[i];
            double normed = g[i] / Math.Max(Math.Sqrt(expAvgSq[i]), group["eps"]);
            if (group.Flag("clip")) normed = Math.Clamp(normed, -clip, clip);
            expAvg[i] += (1 - beta1) * (normed - expAvg[i]);
            p[i] -= lr * expAvg[i];
            expAvgSq[i] = beta2 * expAvgSq[i] + (1 - beta2) * g[i] * g[i];
        }
    }
}
