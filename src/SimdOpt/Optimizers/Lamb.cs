using SimdOpt.Spec;

namespace SimdOpt.Optimizers;

/// <summary>
/// LAMB (You et al., 2019, "Large Batch Optimization for Deep Learning: Training BERT in 76 minutes"), as timm's
/// <c>Lamb</c>: Adam whose update is scaled by the trust ratio ||p|| / ||update|| of the tensor (1 when either norm is
/// 0), after every gradient is clipped by the norm of all gradients of the step together (timm's
/// <c>global_grad_norm</c>, a step-wide reduction). timm reads <c>max_grad_norm</c> from its defaults, one value for
/// the whole step; a group that sets its own clips by the same global norm with its own value.
/// </summary>
[Optimizer("lamb", Description = "Adam with the layer-wise trust ratio ||p|| / ||update||, as timm's Lamb")]
[Hyperparameter("lr", 1e-3, Min = 0, Description = "learning rate")]
[Hyperparameter("beta1", 0.9, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the first moment")]
[Hyperparameter("beta2", 0.999, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the second moment")]
[Hyperparameter("eps", 1e-6, Min = 0, Description = "added to the denominator for stability")]
[Hyperparameter("weight_decay", 1e-2, Min = 0, Description = "L2 penalty added to the update before the trust ratio")]
[Hyperparameter("max_grad_norm", 1.0, Min = 0,
    Description = "every gradient is divided by max(||all g|| / max_grad_norm, 1); 0 turns clipping off (timm's None)")]
[Flag("bias_correction", Default = true, Description = "divide the moments by 1 - beta^t")]
[Flag("grad_averaging", Default = true, Description = "weight the gradient by 1 - beta1 in the first moment")]
[Flag("trust_clip", Description = "clip the trust ratio at 1")]
[Flag("always_adapt", Description = "apply the trust ratio even without weight decay")]
[State("exp_avg")]
[State("exp_avg_sq")]
[Let("clip", "max(global_norm(g) / max_grad_norm, 1)")]
[Assign("g", "g / clip", If = "max_grad_norm > 0")]
[Assign("exp_avg", "exp_avg * beta1 + (grad_averaging ? 1 - beta1 : 1) * g")]
[Assign("exp_avg_sq", "exp_avg_sq * beta2 + (1 - beta2) * g * g")]
[Let("denom", "sqrt(exp_avg_sq) / sqrt(bias_correction ? 1 - pow(beta2, t) : 1) + eps")]
[Let("adam_step", "exp_avg / (bias_correction ? 1 - pow(beta1, t) : 1) / denom")]
[Let("update", "weight_decay != 0 ? adam_step + weight_decay * p : adam_step")]
// Two more reductions: ||p|| needs only p, ||update|| needs the clipped gradient, so it takes a pass of its own.
[Let("w_norm", "norm(p)")]
[Let("g_norm", "norm(update)")]
[Let("trust_ratio", "w_norm > 0 && g_norm > 0 ? w_norm / g_norm : 1")]
[Let("trust", "weight_decay != 0 || always_adapt ? (trust_clip ? min(trust_ratio, 1) : trust_ratio) : 1")]
[Update("lr * (update * trust)")]
public sealed partial class Lamb;
