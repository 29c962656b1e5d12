using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.References;

/// <summary>
/// torch.optim.RMSprop (1.13): the gradient over the root of a running mean of its square (minus the square of its
/// running mean when <c>centered</c>) plus eps, with optional momentum on that ratio, L2 weight decay, maximize.
/// </summary>
internal sealed class RmsPropReference : Reference
{
    /// <inheritdoc/>
    public override string Optimizer => "rmsprop";

    /// <summary>
    /// The centred variance <c>square_avg - grad_avg^2</c> is a difference of nearly equal numbers when alpha is small
    /// (at the first step it is <c>alpha * (1 - alpha) * g^2</c> against <c>square_avg = (1 - alpha) * g^2</c>): float
    /// rounding is amplified by about 1/alpha, and for alpha near 0 the float difference is rounding noise, even
    /// negative (NaN after the square root) where the exact one is positive. alpha of at least 0.5 keeps that factor
    /// at most 2.
    /// </summary>
    public override Interval? WellConditioned(string hyperparameter) => hyperparameter == "alpha" ? new Interval(0.5, 1) : null;

    /// <inheritdoc/>
    public override void Step(ParamGroup group, long t, double[] p, double[] grad, ReferenceState state)
    {
        double alpha = group["alpha"], momentum = group["momentum"];
        bool centered = group.Flag("centered");
        var squareAvg = state.Buffer("square_avg", () => Filled(p.Length, 0));
        var buf = momentum > 0 ? state.Buffer("momentum_buffer", () => Filled(p.Length, 0)) : null;
        var gradAvg = centered ? state.Buffer("grad_avg", () => Filled(p.Length, 0)) : null;
        var g = Maximized(group, grad);
        AddWeightDecay(g, p, group["weight_decay"]);
        for (int i = 0; i < p.Length; i++)
        {
            squareAvg[i] = alpha * squareAvg[i] + (1 - alpha) * g[i] * g[i];
            double avg;
            if (gradAvg is not null)
            {
                gradAvg[i] = alpha * gradAvg[i] + (1 - alpha) * g[i];
                avg = Math.Sqrt(squareAvg[i] - gradAvg[i] * gradAvg[i]);
            }
            else
            {
                avg = Math.Sqrt(squareAvg[i]);
            }
            avg += group["eps"];
            if (buf is not null)
            {
                buf[i] = momentum * buf[i] + g[i] / avg;
                p[i] -= group["lr"] * buf[i];
            }
            else
            {
                p[i] -= group["lr"] * g[i] / avg;
            }
        }
    }
}
