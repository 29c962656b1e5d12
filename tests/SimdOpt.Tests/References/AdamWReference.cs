namespace SimdOpt.Tests.References;

/// <summary>
/// torch.optim.AdamW (1.13, Loshchilov and Hutter 2019): <c>p *= 1 - lr * weight_decay</c> before Adam's step,
/// whose gradient carries no L2 term; AMSGrad, maximize.
/// </summary>
internal sealed class AdamWReference : Reference
{
    /// <inheritdoc/>
    public override string Optimizer => "adamw";

    /// <inheritdoc/>
    public override void Step(ParamGroup group, long t, double[] p, double[] grad, ReferenceState state)
    {
        var g = Maximized(group, grad);
        double decay = 1 - group["lr"] * group["weight_decay"];
        for (int i = 0; i < p.Length; i++) p[i] *= decay;
        AdamReference.Update(group, t, p, g, state);
    }
}
