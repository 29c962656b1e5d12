namespace SimdOpt.Tests.References;

/// <summary>
/// timm.optim.Adan (Xie et al. 2022, Algorithm 1 with timm's restart-free single-tensor step): the previous gradient
/// is kept negated and is the current one's negation on the first step, so the first difference is 0; moments of the
/// gradient, of its difference and of the squared Nesterov gradient <c>g + beta2 * diff</c>; proximal weight decay
/// (divide after the step) or, with no_prox, decoupled decay before it.
/// </summary>
internal sealed class AdanReference : Reference
{
    /// <inheritdoc/>
    public override string Optimizer => "adan";

    /// <inheritdoc/>
    public override void Step(ParamGroup group, long t, double[] p, double[] grad, ReferenceState state)
    {
        double lr = group["lr"], beta1 = group["beta1"], beta2 = group["beta2"], beta3 = group["beta3"];
        double weightDecay = group["weight_decay"];
        var expAvg = state.Buffer("exp_avg", () => Filled(p.Length, 0));
        var expAvgSq = state.Buffer("exp_avg_sq", () => Filled(p.Length, 0));
        var expAvgDiff = state.Buffer("exp_avg_diff", () => Filled(p.Length, 0));
        if (t == 1) state.SetBuffer("neg_pre_grad", grad.Select(x => -x).ToArray());
        var negPreGrad = state.Buffer("neg_pre_grad", () => grad.Select(x => -x).ToArray());
        double stepSize = lr / (1 - Math.Pow(beta1, t));
        double stepSizeDiff = lr * beta2 / (1 - Math.Pow(beta2, t));
        double biasCorrection3Sqrt = Math.Sqrt(1 - Math.Pow(beta3, t));
        for (int i = 0; i < p.Length; i++)
        {
            double diff = grad[i] + negPreGrad[i];
            expAvg[i] = beta1 * expAvg[i] + (1 - beta1) * grad[i];
            expAvgDiff[i] = beta2 * expAvgDiff[i] + (1 - beta2) * diff;
            double nesterov = grad[i] + beta2 * diff;
            expAvgSq[i] = beta3 * expAvgSq[i] + (1 - beta3) * nesterov * nesterov;
            double denom = Math.Sqrt(expAvgSq[i]) / biasCorrection3Sqrt + group["eps"];
            if (group.Flag("no_prox")) p[i] *= 1 - lr * weightDecay;
            p[i] -= stepSize * expAvg[i] / denom + stepSizeDiff * expAvgDiff[i] / denom;
            if (!group.Flag("no_prox")) p[i] /= 1 + lr * weightDecay;
            negPreGrad[i] = -grad[i];
        }
    }
}
