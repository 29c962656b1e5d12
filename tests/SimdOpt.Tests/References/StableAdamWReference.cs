namespace SimdOpt.Tests.References;

/// <summary>
/// optimi's <c>StableAdamW</c> (optimi/stableadamw.py, <c>_single_param_stableadamw</c>, no Kahan summation): debiased
/// betas, the learning rate divided by max(1, RMS of g^2 / max(v, eps^2)), decoupled weight decay with that rate.
/// </summary>
internal sealed class StableAdamWReference : Reference
{
    /// <inheritdoc/>
    public override string Optimizer => "stableadamw";

    /// <inheritdoc/>
    public override void Step(ParamGroup group, long t, double[] p, double[] grad, ReferenceState state)
    {
        double beta1 = group["beta1"], beta2 = group["beta2"], eps = group["eps"];
        var expAvg = state.Buffer("exp_avg", () => Filled(p.Length, 0));
        var expAvgSq = state.Buffer("exp_avg_sq", () => Filled(p.Length, 0));
        // optimi.utils.debias_beta: (beta**step - beta) / (beta**step - 1)
        double beta1Hat = (Math.Pow(beta1, t) - beta1) / (Math.Pow(beta1, t) - 1);
        double beta2Hat = (Math.Pow(beta2, t) - beta2) / (Math.Pow(beta2, t) - 1);
        double meanSquare = 0;
        for (int i = 0; i < p.Length; i++)
        {
            expAvg[i] = Lerp(expAvg[i], grad[i], 1 - beta1Hat);
            expAvgSq[i] = expAvgSq[i] * beta2Hat + (1 - beta2Hat) * grad[i] * grad[i];
            meanSquare += grad[i] * grad[i] / Math.Max(expAvgSq[i], eps * eps);
        }
        double lr = group["lr"] / Math.Max(1, Math.Sqrt(meanSquare / p.Length));
        for (int i = 0; i < p.Length; i++)
        {
            if (group["weight_decay"] != 0) p[i] *= 1 - lr * group["weight_decay"];
            p[i] -= lr * expAvg[i] / (Math.Sqrt(expAvgSq[i]) + eps);
        }
    }

    /// <summary>torch's <c>lerp</c> (aten/src/ATen/native/Lerp.h): start + weight * (end - start) below a weight of
    /// 0.5, end - (end - start) * (1 - weight) from it.</summary>
    private static double Lerp(double start, double end, double weight) =>
        Math.Abs(weight) < 0.5 ? start + weight * (end - start) : end - (end - start) * (1 - weight);
}
