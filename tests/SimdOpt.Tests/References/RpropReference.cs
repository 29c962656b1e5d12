namespace SimdOpt.Tests.References;

/// <summary>
/// torch.optim.Rprop (1.13, Riedmiller and Braun 1993, the iRprop- variant): per-element step sizes, starting at lr,
/// multiplied by eta_plus while the gradient keeps its sign and by eta_minus when it flips (clamped to
/// [step_size_min, step_size_max]); after a flip the gradient counts as 0, for the step and as the next previous
/// gradient. The step is <c>sign(g) * step_size</c>; maximize.
/// </summary>
internal sealed class RpropReference : Reference
{
    /// <inheritdoc/>
    public override string Optimizer => "rprop";

    /// <inheritdoc/>
    public override void Step(ParamGroup group, long t, double[] p, double[] grad, ReferenceState state)
    {
        var prev = state.Buffer("prev", () => Filled(p.Length, 0));
        var stepSize = state.Buffer("step_size", () => Filled(p.Length, group["lr"]));
        var g = Maximized(group, grad);
        for (int i = 0; i < p.Length; i++)
        {
            double agreement = Sign(g[i] * prev[i]);
            double factor = agreement > 0 ? group["eta_plus"] : agreement < 0 ? group["eta_minus"] : 1;
            stepSize[i] = Math.Clamp(stepSize[i] * factor, group["step_size_min"], group["step_size_max"]);
            if (agreement < 0) g[i] = 0;
            p[i] -= Sign(g[i]) * stepSize[i];
            prev[i] = g[i];
        }
    }
}
