using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.References;

/// <summary>
/// What the two Schedule-Free optimizers share (Defazio et al., 2024, "The Road Less Scheduled", Algorithm 1, as
/// facebookresearch/schedule_free computes it): the warmed-up learning rate, the running <c>lr_max</c> and
/// <c>weight_sum</c>, the averaging weight <c>c = weight / weight_sum</c>, and the y step that updates y in place
/// without x: <c>y = (1 - c) y + c z + lr (beta (1 - c) - 1) d</c>, <c>z -= lr d</c>, z starting at the first p.
/// </summary>
internal abstract class ScheduleFreeReference : Reference
{
    /// <summary>The interpolation between x and z (AdamW's beta1, SGD's momentum).</summary>
    protected abstract string Beta { get; }

    /// <summary>The direction d of step <paramref name="t"/>, from the gradient at y.</summary>
    protected abstract double[] Direction(ParamGroup group, long t, double[] y, double[] grad, ReferenceState state);

    /// <inheritdoc/>
    public override Interval? WellConditioned(string hyperparameter) => hyperparameter switch
    {
        // A large power or a large r makes the averaging weights span hundreds of orders of magnitude.
        "r" or "weight_lr_power" => new Interval(0, 3),
        // A small beta makes the eval switch's weight 1 - 1 / beta huge, and x = y + w (z - y) ill-conditioned.
        "beta1" or "momentum" => new Interval(0.5, 1),
        _ => null,
    };

    /// <inheritdoc/>
    public override void Step(ParamGroup group, long t, double[] p, double[] grad, ReferenceState state)
    {
        double lr = group["lr"], beta = group[Beta], warmup = group["warmup_steps"];
        var z = state.Buffer("z", () => (double[])p.Clone());
        double scheduled = t <= warmup ? lr * t / warmup : lr;
        double lrMax = Math.Max(scheduled, state.Scalar("lr_max", -1));
        double weight = Math.Pow(t, group["r"]) * Math.Pow(lrMax, group["weight_lr_power"]);
        double weightSum = state.Scalar("weight_sum", 0) + weight;
        state.SetScalar("lr_max", lrMax);
        state.SetScalar("weight_sum", weightSum);
        double c = weightSum == 0 ? 0 : weight / weightSum;
        var d = Direction(group, t, p, grad, state);
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = (1 - c) * p[i] + c * z[i] + scheduled * (beta * (1 - c) - 1) * d[i];
            z[i] -= scheduled * d[i];
        }
    }

    /// <summary>The switch to eval: x = y + (1 - 1 / beta) (z - y), the average the paper evaluates at.</summary>
    public void Eval(ParamGroup group, double[] p, ReferenceState state) => Move(p, state, 1 - 1 / group[Beta]);

    /// <summary>The switch back to train: y = x + (1 - beta) (z - x).</summary>
    public void Train(ParamGroup group, double[] p, ReferenceState state) => Move(p, state, 1 - group[Beta]);

    private static void Move(double[] p, ReferenceState state, double weight)
    {
        if (!state.TryGetBuffer("z", out var z)) return;
        for (int i = 0; i < p.Length; i++) p[i] += weight * (z[i] - p[i]);
    }
}

/// <summary>Schedule-Free AdamW: d = g / (sqrt(v / (1 - beta2^t)) + eps) (or the bias-corrected inner momentum
/// over the same denominator) plus L2 decay at y.</summary>
internal sealed class ScheduleFreeAdamWReference : ScheduleFreeReference
{
    /// <inheritdoc/>
    public override string Optimizer => "schedulefree_adamw";

    /// <inheritdoc/>
    protected override string Beta => "beta1";

    /// <inheritdoc/>
    protected override double[] Direction(ParamGroup group, long t, double[] y, double[] grad, ReferenceState state)
    {
        double beta2 = group["beta2"], momentum = group["inner_momentum"], decay = group["weight_decay"];
        var v = state.Buffer("exp_avg_sq", () => Filled(y.Length, 0));
        // The inner momentum's buffer exists only when it is on.
        var m = momentum != 0 ? state.Buffer("exp_avg", () => Filled(y.Length, 0)) : null;
        var d = new double[y.Length];
        for (int i = 0; i < y.Length; i++)
        {
            v[i] = beta2 * v[i] + (1 - beta2) * grad[i] * grad[i];
            double denom = Math.Sqrt(v[i] / (1 - Math.Pow(beta2, t))) + group["eps"];
            double direction = grad[i];
            if (m is not null)
            {
                m[i] = momentum * m[i] + (1 - momentum) * grad[i];
                direction = m[i] / (1 - Math.Pow(momentum, t));
            }
            d[i] = direction / denom + decay * y[i];
        }
        return d;
    }
}

/// <summary>Schedule-Free SGD: d = g plus L2 decay at y.</summary>
internal sealed class ScheduleFreeSgdReference : ScheduleFreeReference
{
    /// <inheritdoc/>
    public override string Optimizer => "schedulefree_sgd";

    /// <inheritdoc/>
    protected override string Beta => "momentum";

    /// <inheritdoc/>
    protected override double[] Direction(ParamGroup group, long t, double[] y, double[] grad, ReferenceState state)
    {
        double decay = group["weight_decay"];
        return grad.Select((g, i) => g + decay * y[i]).ToArray();
    }
}
