using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.References;

/// <summary>
/// AdEMAMix (Pagliardini et al. 2024, Algorithm 1; optax.contrib.ademamix): Adam's bias-corrected fast moment plus
/// alpha times a slow moment of decay beta3 that is never bias-corrected, over <c>sqrt(nu_hat + eps_root) + eps</c>,
/// with optax's weight decay added to that direction before the learning rate scales it. With a warm-up of T steps,
/// step t &lt; T uses <c>alpha * t / T</c> and the beta3 of the authors' half-life scheduler, capped at beta3.
/// </summary>
internal sealed class AdEMAMixReference : Reference
{
    /// <inheritdoc/>
    public override string Optimizer => "ademamix";

    /// <summary>Warm-ups up to 60 steps, so that the 20 to 50 steps of a case run inside and past them (the declared
    /// range is unbounded and would draw at most 1, no warm-up at all).</summary>
    /// <param name="hyperparameter">The hyperparameter's name.</param>
    public override Interval? WellConditioned(string hyperparameter) =>
        hyperparameter == "t_alpha_beta3" ? new Interval(0, 60) : null;

    /// <inheritdoc/>
    public override void Step(ParamGroup group, long t, double[] p, double[] grad, ReferenceState state)
    {
        double lr = group["lr"], beta1 = group["beta1"], beta2 = group["beta2"], warmup = group["t_alpha_beta3"];
        double alpha = group["alpha"], beta3 = group["beta3"];
        if (t < warmup)
        {
            double a = t / warmup;
            alpha = Math.Min(a * alpha, alpha);
            beta3 = Math.Min(Math.Pow(0.5, 1 / ((1 - a) * HalfLife(beta1) + a * HalfLife(beta3) + 1)), beta3);
        }
        var m1 = state.Buffer("exp_avg_fast", () => Filled(p.Length, 0));
        var m2 = state.Buffer("exp_avg_slow", () => Filled(p.Length, 0));
        var nu = state.Buffer("exp_avg_sq", () => Filled(p.Length, 0));
        for (int i = 0; i < p.Length; i++)
        {
            m1[i] = beta1 * m1[i] + (1 - beta1) * grad[i];
            m2[i] = beta3 * m2[i] + (1 - beta3) * grad[i];
            nu[i] = beta2 * nu[i] + (1 - beta2) * grad[i] * grad[i];
            double m1Hat = m1[i] / (1 - Math.Pow(beta1, t)), nuHat = nu[i] / (1 - Math.Pow(beta2, t));
            double update = (m1Hat + alpha * m2[i]) / (Math.Sqrt(nuHat + group["eps_root"]) + group["eps"]);
            if (group["weight_decay"] != 0) update += group["weight_decay"] * p[i];
            p[i] -= lr * update;
        }
    }

    /// <summary>The scheduler's half-life of a decay, <c>ln 0.5 / ln beta - 1</c> steps (-1 at beta = 0).</summary>
    private static double HalfLife(double beta) => Math.Log(0.5) / Math.Log(beta) - 1;
}
