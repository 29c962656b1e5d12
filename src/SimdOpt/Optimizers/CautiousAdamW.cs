using SimdOpt.Spec;

namespace SimdOpt.Optimizers;

/// <summary>
/// Cautious AdamW (Liang et al., 2024, "Cautious Optimizers: Improving Training with One Line of Code"), as timm's
/// <c>AdamWLegacy(caution=True)</c>: AdamW that steps only where the first moment agrees in sign with the gradient,
/// with the mask renormalised by its mean over the tensor (at least 1e-3), so the step keeps its size.
/// </summary>
[Optimizer("cadamw", Description = "AdamW with the cautious mask, as timm's AdamWLegacy(caution=True)")]
[Hyperparameter("lr", 1e-3, Min = 0, Description = "learning rate")]
[Hyperparameter("beta1", 0.9, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the first moment")]
[Hyperparameter("beta2", 0.999, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the second moment")]
[Hyperparameter("eps", 1e-8, Min = 0, Description = "added to the denominator for stability")]
[Hyperparameter("weight_decay", 1e-2, Min = 0,
    Description = "decoupled weight decay: p <- p * (1 - lr * weight_decay)")]
[Flag("amsgrad", Description = "use the running maximum of the second moment (AMSGrad)")]
[Flag("maximize", Description = "ascend instead of descend")]
[Maximize]
[DecoupledWeightDecay]
[Moment("exp_avg", "beta1")]
[Moment("exp_avg_sq", "beta2", Of = "g * g")]
[State("max_exp_avg_sq", If = "amsgrad")]
[Assign("max_exp_avg_sq", "max(max_exp_avg_sq, exp_avg_sq)", If = "amsgrad")]
[Let("denom", "sqrt(amsgrad ? max_exp_avg_sq : exp_avg_sq) / sqrt(1 - pow(beta2, t)) + eps")]
// The mask is 1 where the moment and the gradient agree; its mean over the tensor is a reduction, so the step takes
// a read-only pass first (g and exp_avg) and the update pass recomputes the mask.
[Let("mask", "exp_avg * g > 0 ? 1 : 0")]
[Update("lr / (1 - pow(beta1, t)) * (exp_avg * (mask / max(mean(mask), 0.001)) / denom)")]
public sealed partial class CautiousAdamW;
