namespace SimdOpt.Tests.References;

/// <summary>
/// timm's <c>Mars</c> (timm/optim/mars.py, <c>_mars_single_tensor_step</c>, mars_type "adamw", no caution): with
/// optimize_1d the corrected gradient c = g + gamma * beta1 / (1 - beta1) * (g - last_grad) (g at step 1), divided by
/// its norm when above 1; otherwise timm's 1-D branch (c = g, lr * lr_1d_factor). Then AdamW-style moments of c and
/// the update p * weight_decay + m_hat / (sqrt(v_hat) + eps).
/// </summary>
internal sealed class MarsReference : Reference
{
    /// <inheritdoc/>
    public override string Optimizer => "mars";

    /// <inheritdoc/>
    public override void Step(ParamGroup group, long t, double[] p, double[] grad, ReferenceState state)
    {
        double beta1 = group["beta1"], beta2 = group["beta2"];
        bool mars = group.Flag("optimize_1d");
        var expAvg = state.Buffer("exp_avg", () => Filled(p.Length, 0));
        var expAvgSq = state.Buffer("exp_avg_sq", () => Filled(p.Length, 0));
        var lastGrad = state.Buffer("last_grad", () => Filled(p.Length, 0));
        var c = (double[])grad.Clone();
        if (mars && t > 1)
        {
            for (int i = 0; i < c.Length; i++)
                c[i] = (grad[i] - lastGrad[i]) * (group["gamma"] * (beta1 / (1 - beta1))) + grad[i];
            double norm = LambReference.Norm(c);
            if (norm > 1)
                for (int i = 0; i < c.Length; i++) c[i] /= norm;
        }
        double lr = mars ? group["lr"] : group["lr"] * group["lr_1d_factor"];
        for (int i = 0; i < p.Length; i++)
        {
            expAvg[i] = expAvg[i] * beta1 + (1 - beta1) * c[i];
            expAvgSq[i] = expAvgSq[i] * beta2 + (1 - beta2) * c[i] * c[i];
            double denom = Math.Sqrt(expAvgSq[i]) / Math.Sqrt(1 - Math.Pow(beta2, t)) + group["eps"];
            double update = p[i] * group["weight_decay"] + expAvg[i] / (1 - Math.Pow(beta1, t)) / denom;
            p[i] -= lr * update;
            lastGrad[i] = grad[i];
        }
    }
}
