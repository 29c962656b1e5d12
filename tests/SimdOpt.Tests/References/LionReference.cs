using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.References;

/// <summary>
/// Lion, Chen et al. 2023 ("Symbolic Discovery of Optimization Algorithms"), Algorithm 2:
/// <c>c = beta1 * m + (1 - beta1) * g</c>; <c>p -= lr * (sign(c) + weight_decay * p)</c>, i.e. the decoupled decay
/// <c>p *= 1 - lr * weight_decay</c> and a step of lr against sign(c), with sign(0) = 0;
/// <c>m = beta2 * m + (1 - beta2) * g</c>.
/// </summary>
internal sealed class LionReference : Reference
{
    /// <inheritdoc/>
    public override string Optimizer => "lion";

    /// <summary>
    /// At each zero gradient the momentum decays by beta2; with beta1 and beta2 tiny, a few zero gradients in a row
    /// take
    /// <c>beta1 * m</c> below float's smallest denormal, where float says sign 0 and double still has a sign: a limit
    /// of float, not a formula error. From 1e-3 up, that takes a dozen zero gradients in a row.
    /// </summary>
    public override Interval? WellConditioned(string hyperparameter) => hyperparameter is "beta1" or "beta2" ? new Interval(1e-3, 1) : null;

    /// <inheritdoc/>
    public override void Step(ParamGroup group, long t, double[] p, double[] grad, ReferenceState state)
    {
        double lr = group["lr"], beta1 = group["beta1"], beta2 = group["beta2"], weightDecay = group["weight_decay"];
        var m = state.Buffer("exp_avg", () => Filled(p.Length, 0));
        for (int i = 0; i < p.Length; i++)
        {
            double c = beta1 * m[i] + (1 - beta1) * grad[i];
            p[i] -= lr * (Sign(c) + weightDecay * p[i]);
            m[i] = beta2 * m[i] + (1 - beta2) * grad[i];
        }
    }
}
