namespace SimdOpt.Tests.References;

/// <summary>
/// timm's <c>AdamWLegacy(caution=True)</c> (timm/optim/adamw.py, <c>_single_tensor_adamw</c>): AdamW whose first moment
/// is masked where it disagrees in sign with the gradient, the mask divided by max(mean(mask), 1e-3).
/// </summary>
internal sealed class CautiousAdamWReference : Reference
{
    /// <inheritdoc/>
    public override string Optimizer => "cadamw";

    /// <inheritdoc/>
    public override void Step(ParamGroup group, long t, double[] p, double[] grad, ReferenceState state)
    {
        var g = Maximized(group, grad);
        double lr = group["lr"], beta1 = group["beta1"], beta2 = group["beta2"];
        var expAvg = state.Buffer("exp_avg", () => Filled(p.Length, 0));
        var expAvgSq = state.Buffer("exp_avg_sq", () => Filled(p.Length, 0));
        var maxExpAvgSq = group.Flag("amsgrad") ? state.Buffer("max_exp_avg_sq", () => Filled(p.Length, 0)) : null;
        // "param.mul_(1. - wd_scale * weight_decay)"
        for (int i = 0; i < p.Length; i++) p[i] *= 1 - lr * group["weight_decay"];
        var denom = new double[p.Length];
        var mask = new double[p.Length];
        for (int i = 0; i < p.Length; i++)
        {
            expAvg[i] = beta1 * expAvg[i] + (1 - beta1) * g[i];
            expAvgSq[i] = beta2 * expAvgSq[i] + (1 - beta2) * g[i] * g[i];
            double second = expAvgSq[i];
            if (maxExpAvgSq is not null) second = maxExpAvgSq[i] = Math.Max(maxExpAvgSq[i], expAvgSq[i]);
            denom[i] = Math.Sqrt(second) / Math.Sqrt(1 - Math.Pow(beta2, t)) + group["eps"];
            mask[i] = expAvg[i] * g[i] > 0 ? 1 : 0;
        }
        // "mask.div_(mask.mean().clamp_(min=1e-3))"
        double scale = Math.Max(mask.Length == 0 ? double.NaN : mask.Average(), 1e-3);
        double stepSize = lr / (1 - Math.Pow(beta1, t));
        for (int i = 0; i < p.Length; i++) p[i] -= stepSize * (expAvg[i] * (mask[i] / scale)) / denom[i];
    }
}
