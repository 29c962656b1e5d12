namespace SimdOpt.Tests.References;

/// <summary>
/// timm's <c>Lamb</c> (timm/optim/lamb.py) on one tensor: the gradient divided by max(||g|| / max_grad_norm, 1), Adam
/// moments (grad averaging, bias correction), L2 weight decay added to the update, the trust ratio ||p|| / ||update||
/// (1 when a norm is 0, optionally clipped at 1) when weight decay or always_adapt is on.
/// </summary>
internal sealed class LambReference : Reference
{
    /// <inheritdoc/>
    public override string Optimizer => "lamb";

    /// <inheritdoc/>
    public override void Step(ParamGroup group, long t, double[] p, double[] grad, ReferenceState state)
    {
        double beta1 = group["beta1"], beta2 = group["beta2"], weightDecay = group["weight_decay"];
        var g = (double[])grad.Clone();
        if (group["max_grad_norm"] > 0)
        {
            double clip = Math.Max(Norm(g) / group["max_grad_norm"], 1);
            for (int i = 0; i < g.Length; i++) g[i] /= clip;
        }
        bool correct = group.Flag("bias_correction");
        double bc1 = correct ? 1 - Math.Pow(beta1, t) : 1, bc2 = correct ? 1 - Math.Pow(beta2, t) : 1;
        double beta3 = group.Flag("grad_averaging") ? 1 - beta1 : 1;
        var expAvg = state.Buffer("exp_avg", () => Filled(p.Length, 0));
        var expAvgSq = state.Buffer("exp_avg_sq", () => Filled(p.Length, 0));
        var update = new double[p.Length];
        for (int i = 0; i < p.Length; i++)
        {
            expAvg[i] = expAvg[i] * beta1 + beta3 * g[i];
            expAvgSq[i] = expAvgSq[i] * beta2 + (1 - beta2) * g[i] * g[i];
            update[i] = expAvg[i] / bc1 / (Math.Sqrt(expAvgSq[i]) / Math.Sqrt(bc2) + group["eps"]);
            if (weightDecay != 0) update[i] += weightDecay * p[i];
        }
        double trust = 1;
        if (weightDecay != 0 || group.Flag("always_adapt"))
        {
            double wNorm = Norm(p), gNorm = Norm(update);
            trust = wNorm > 0 && gNorm > 0 ? wNorm / gNorm : 1;
            if (group.Flag("trust_clip")) trust = Math.Min(trust, 1);
        }
        for (int i = 0; i < p.Length; i++) p[i] -= group["lr"] * update[i] * trust;
    }

    /// <summary>The Euclidean norm.</summary>
    /// <param name="x">The values.</param>
    public static double Norm(double[] x) => Math.Sqrt(x.Sum(v => v * v));
}
