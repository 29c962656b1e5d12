using SimdOpt.Spec;

namespace SimdOpt.Optimizers;

/// <summary>
/// MARS (Yuan et al., 2024, "MARS: Unleashing the Power of Variance Reduction for Training Large Models"), as timm's
/// <c>Mars</c> with <c>mars_type="adamw"</c>: AdamW on the variance-reduced gradient c = g + gamma * beta1 / (1 -
/// beta1) * (g - last g), divided by its norm over the tensor when that exceeds 1 (c = g at the first step). timm
/// applies this to tensors of two or more dimensions and plain AdamW (with lr * lr_1d_factor) to 1-D ones unless
/// <c>optimize_1d</c>; a SimdOpt tensor is a flat span, so it takes the 1-D branch unless <c>optimize_1d</c> is set.
/// </summary>
[Optimizer("mars", Description = "AdamW on the variance-reduced, norm-clipped gradient, as timm's Mars (adamw)")]
[Hyperparameter("lr", 3e-3, Min = 0, Description = "learning rate")]
[Hyperparameter("beta1", 0.9, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the first moment")]
[Hyperparameter("beta2", 0.99, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the second moment")]
[Hyperparameter("eps", 1e-8, Min = 0, Description = "added to the denominator for stability")]
[Hyperparameter("weight_decay", 0, Min = 0, Description = "weight decay, added to the update: p * weight_decay")]
[Hyperparameter("gamma", 0.025, Min = 0, Description = "scale of the gradient correction")]
[Hyperparameter("lr_1d_factor", 1.0, Min = 0, Description = "learning-rate factor of the 1-D branch")]
[Flag("optimize_1d", Description = "apply the MARS correction (timm does for tensors of 2 or more dimensions)")]
[State("exp_avg")]
[State("exp_avg_sq")]
[State("last_grad")]
[Let("c_t", "optimize_1d && t > 1 ? (g - last_grad) * (gamma * (beta1 / (1 - beta1))) + g : g")]
// The correction's norm is a reduction: a read-only pass over g and last_grad comes first.
[Let("c_t_norm", "norm(c_t)")]
[Let("c", "optimize_1d && t > 1 && c_t_norm > 1 ? c_t / c_t_norm : c_t")]
[Assign("exp_avg", "exp_avg * beta1 + (1 - beta1) * c")]
[Assign("exp_avg_sq", "exp_avg_sq * beta2 + (1 - beta2) * c * c")]
[Let("denom", "sqrt(exp_avg_sq) / sqrt(1 - pow(beta2, t)) + eps")]
[Let("update", "p * weight_decay + exp_avg / (1 - pow(beta1, t)) / denom")]
[Update("(optimize_1d ? lr : lr * lr_1d_factor) * update")]
[Assign("last_grad", "g")]
public sealed partial class Mars;
