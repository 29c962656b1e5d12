namespace SimdOpt.Tests.References;

/// <summary>
/// torch.optim.Adagrad (1.13): the sum of squared gradients starts at <c>initial_accumulator_value</c>, the learning
/// rate decays as <c>lr / (1 + (t - 1) * lr_decay)</c>, L2 weight decay, maximize.
/// </summary>
internal sealed class AdagradReference : Reference
{
    /// <inheritdoc/>
    public override string Optimizer => "adagrad";

    /// <inheritdoc/>
    public override void Step(ParamGroup group, long t, double[] p, double[] grad, ReferenceState state)
    {
        var sum = state.Buffer("sum", () => Filled(p.Length, group["initial_accumulator_value"]));
        var g = Maximized(group, grad);
        AddWeightDecay(g, p, group["weight_decay"]);
        double clr = group["lr"] / (1 + (t - 1) * group["lr_decay"]);
        for (int i = 0; i < p.Length; i++)
        {
            sum[i] += g[i] * g[i];
            p[i] -= clr * g[i] / (Math.Sqrt(sum[i]) + group["eps"]);
        }
    }
}
