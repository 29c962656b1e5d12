using SimdOpt.Spec;

namespace SimdOpt.Optimizers;

/// <summary>
/// StableAdamW (Wortsman et al., 2023, "Stable and low-precision training for large-scale vision-language models"), as
/// optimi's <c>StableAdamW</c> without Kahan summation: AdamW with debiased betas instead of bias correction, whose
/// learning rate is divided by the root mean square of g^2 / max(v, eps^2) over the tensor when that exceeds 1, so a
/// sudden spike of the gradient does not blow up the step.
/// </summary>
[Optimizer("stableadamw", Description = "AdamW with update RMS clipping and debiased betas, as optimi's StableAdamW")]
[Hyperparameter("lr", 1e-3, Min = 0, Description = "learning rate (optimi requires one; 1e-3 here)")]
[Hyperparameter("beta1", 0.9, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the first moment")]
[Hyperparameter("beta2", 0.99, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the second moment")]
[Hyperparameter("weight_decay", 1e-2, Min = 0,
    Description = "decoupled weight decay, with the RMS-stabilised learning rate: p <- p * (1 - lr_t * weight_decay)")]
[Hyperparameter("eps", 1e-6, Min = 0,
    Description = "added to the denominator; eps^2 floors the second moment in the RMS")]
[State("exp_avg")]
[State("exp_avg_sq")]
// optimi's debias_beta: beta_hat = (beta^t - beta) / (beta^t - 1), 0 at the first step.
[Let("beta1_comp", "1 - (pow(beta1, t) - beta1) / (pow(beta1, t) - 1)")]
[Let("beta2_hat", "(pow(beta2, t) - beta2) / (pow(beta2, t) - 1)")]
// exp_avg.lerp_(g, beta1_comp), as torch's lerp computes it on either side of 0.5.
[Assign("exp_avg",
    "beta1_comp < 0.5 ? exp_avg + beta1_comp * (g - exp_avg) : g - (g - exp_avg) * (1 - beta1_comp)")]
[Assign("exp_avg_sq", "exp_avg_sq * beta2_hat + (1 - beta2_hat) * g * g")]
// The RMS is a reduction over the tensor: a read-only pass over g and exp_avg_sq comes first.
[Let("lr_t", "lr / max(1, sqrt(mean(g * g / max(exp_avg_sq, eps * eps))))")]
[Assign("p", "p * (1 - lr_t * weight_decay)", If = "weight_decay != 0")]
[Update("lr_t * (exp_avg / (sqrt(exp_avg_sq) + eps))")]
public sealed partial class StableAdamW;
