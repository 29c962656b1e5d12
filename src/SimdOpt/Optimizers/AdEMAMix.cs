using SimdOpt.Spec;

namespace SimdOpt.Optimizers;

/// <summary>
/// AdEMAMix (Pagliardini et al., 2024, "The AdEMAMix Optimizer: Better, Faster, Older"), as optax.contrib.ademamix
/// and Algorithm 1 of the paper: Adam whose numerator mixes the bias-corrected fast moment with <c>alpha</c> times a
/// slow moment of decay <c>beta3</c> (not bias-corrected, so it fills slowly). With <c>t_alpha_beta3 &gt; 0</c>, alpha
/// and beta3 warm up over that many steps by the paper's schedulers: alpha linearly from 0, beta3 from beta1 linearly
/// in half-life, capped at beta3, with t counted from 1 as in the paper (optax leaves schedules to callables, which it
/// calls with t - 1).
/// </summary>
[Optimizer("ademamix",
    Description = "Adam with a mixture of a fast and a slow momentum (Pagliardini et al., 2024), "
        + "as optax.contrib.ademamix")]
[Hyperparameter("lr", 1e-3, Min = 0, Description = "learning rate")]
[Hyperparameter("beta1", 0.9, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the fast moment")]
[Hyperparameter("beta2", 0.999, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the second moment")]
[Hyperparameter("beta3", 0.9999, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the slow moment")]
[Hyperparameter("alpha", 5, Min = 0, Description = "weight of the slow moment in the numerator")]
[Hyperparameter("eps", 1e-8, Min = 0, Description = "added to the denominator outside the square root")]
[Hyperparameter("eps_root", 0, Min = 0, Description = "added to the second moment inside the square root")]
[Hyperparameter("weight_decay", 0, Min = 0, Description = "weight decay added to the update: lr * (u + wd * p)")]
[Hyperparameter("t_alpha_beta3", 0, Min = 0,
    Description = "warm-up steps of alpha and beta3 (the paper's T_alpha_beta3); 0 keeps both constant")]
[Let("warming", "t < t_alpha_beta3")]
[Let("alpha_t", "warming ? t * alpha / t_alpha_beta3 : alpha")]
// The paper's beta3 scheduler in the authors' form (ml-ademamix's linear_hl_warmup_scheduler): half-lives
// f(beta) = ln 0.5 / ln beta - 1 interpolated linearly, back through 0.5^(1 / (f + 1)); it stays defined at beta = 0.
[Let("beta3_t", "warming ? min(pow(0.5, 1 / ((1 - t / t_alpha_beta3) * (log(0.5) / log(beta1) - 1)"
    + " + t / t_alpha_beta3 * (log(0.5) / log(beta3) - 1) + 1)), beta3) : beta3")]
[Moment("exp_avg_fast", "beta1")]
[Moment("exp_avg_slow", "beta3_t")]
[Moment("exp_avg_sq", "beta2", Of = "g * g")]
// optax divides by the bias corrections; multiplying by their reciprocals (per-step scalars) saves two divisions per
// element.
[Let("exp_avg_fast_hat", "exp_avg_fast * (1 / (1 - pow(beta1, t)))")]
[Let("exp_avg_sq_hat", "exp_avg_sq * (1 / (1 - pow(beta2, t)))")]
[Let("direction", "(exp_avg_fast_hat + alpha_t * exp_avg_slow) / (sqrt(exp_avg_sq_hat + eps_root) + eps)")]
[Update("lr * (weight_decay != 0 ? direction + weight_decay * p : direction)")]
public sealed partial class AdEMAMix;
