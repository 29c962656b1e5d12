namespace SimdOpt.Tests.References;

/// <summary>
/// torch.optim.Adadelta (1.13), Zeiler 2012: a running mean of squared gradients and one of squared updates; the
/// update is <c>sqrt(acc_delta + eps) / sqrt(square_avg + eps) * g</c>, scaled by lr; L2 weight decay, maximize.
/// </summary>
internal sealed class AdadeltaReference : Reference
{
    /// <inheritdoc/>
    public override string Optimizer => "adadelta";

    /// <inheritdoc/>
    public override void Step(ParamGroup group, long t, double[] p, double[] grad, ReferenceState state)
    {
        double rho = group["rho"], eps = group["eps"];
        var squareAvg = state.Buffer("square_avg", () => Filled(p.Length, 0));
        var accDelta = state.Buffer("acc_delta", () => Filled(p.Length, 0));
        var g = Maximized(group, grad);
        AddWeightDecay(g, p, group["weight_decay"]);
        for (int i = 0; i < p.Length; i++)
        {
            squareAvg[i] = rho * squareAvg[i] + (1 - rho) * g[i] * g[i];
            double std = Math.Sqrt(squareAvg[i] + eps);
            double delta = Math.Sqrt(accDelta[i] + eps) / std * g[i];
            accDelta[i] = rho * accDelta[i] + (1 - rho) * delta * delta;
            p[i] -= group["lr"] * delta;
        }
    }
}
