namespace SimdOpt.Tests.References;

/// <summary>
/// timm's <c>Lars</c> (timm/optim/lars.py): with weight decay or always_adapt, the gradient plus weight decay scaled by
/// trust_coeff * ||p|| / (||g|| + weight_decay * ||p|| + eps) (1 when a norm is 0; with trust_clip,
/// min(ratio / lr, 1)); then SGD momentum (the buffer starts as the first gradient), dampening, Nesterov.
/// </summary>
internal sealed class LarsReference : Reference
{
    /// <inheritdoc/>
    public override string Optimizer => "lars";

    /// <inheritdoc/>
    public override void Step(ParamGroup group, long t, double[] p, double[] grad, ReferenceState state)
    {
        double lr = group["lr"], momentum = group["momentum"], weightDecay = group["weight_decay"];
        var g = (double[])grad.Clone();
        if (weightDecay != 0 || group.Flag("always_adapt"))
        {
            double wNorm = LambReference.Norm(p), gNorm = LambReference.Norm(g);
            double trust = group["trust_coeff"] * wNorm / (gNorm + wNorm * weightDecay + group["eps"]);
            if (!(wNorm > 0 && gNorm > 0)) trust = 1;
            if (group.Flag("trust_clip")) trust = Math.Min(trust / lr, 1);
            for (int i = 0; i < g.Length; i++) g[i] = (g[i] + weightDecay * p[i]) * trust;
        }
        if (momentum != 0)
        {
            if (!state.TryGetBuffer("momentum_buffer", out var buf))
                state.SetBuffer("momentum_buffer", buf = (double[])g.Clone());
            else
                for (int i = 0; i < buf.Length; i++) buf[i] = momentum * buf[i] + (1 - group["dampening"]) * g[i];
            for (int i = 0; i < g.Length; i++) g[i] = group.Flag("nesterov") ? g[i] + momentum * buf[i] : buf[i];
        }
        for (int i = 0; i < p.Length; i++) p[i] -= lr * g[i];
    }
}
