using SimdOpt.Spec;

namespace SimdOpt.Optimizers;

/// <summary>
/// Adan (Xie et al., 2022, "Adan: Adaptive Nesterov Momentum Algorithm for Faster Optimizing Deep Models"), as
/// timm.optim.Adan: moments of the gradient, of the gradient's change and of the squared Nesterov gradient
/// <c>g + beta2 * (g - g_prev)</c>, with proximal (<c>p / (1 + lr * weight_decay)</c> after the step) or, with
/// <c>no_prox</c>, decoupled weight decay before it. timm's Adan has no gradient clipping (the authors' repository has
/// a <c>max_grad_norm</c>; clip with the training runtime's <c>GradientClipping</c> instead); its <c>caution</c> option
/// needs the mean of a mask over the tensor, a reduction the language cannot say yet.
/// </summary>
[Optimizer("adan", Description = "Adaptive Nesterov momentum (Xie et al., 2022), as timm.optim.Adan")]
[Hyperparameter("lr", 1e-3, Min = 0, Description = "learning rate")]
[Hyperparameter("beta1", 0.98, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the first moment")]
[Hyperparameter("beta2", 0.92, Min = 0, Max = 1, MaxExclusive = true,
    Description = "decay of the gradient-difference moment")]
[Hyperparameter("beta3", 0.99, Min = 0, Max = 1, MaxExclusive = true,
    Description = "decay of the second moment of the Nesterov gradient")]
[Hyperparameter("eps", 1e-8, Min = 0, Description = "added to the denominator for stability")]
[Hyperparameter("weight_decay", 0, Min = 0,
    Description = "proximal weight decay p / (1 + lr * weight_decay); decoupled with no_prox")]
[Flag("no_prox", Description = "decay as p * (1 - lr * weight_decay) before the step instead of dividing after it")]
// timm sets neg_pre_grad to -g on the first step, so the first difference is g + (-g): 0 for a finite gradient.
[State("neg_pre_grad")]
[Let("grad_diff", "g + (t == 1 ? -g : neg_pre_grad)")]
[Moment("exp_avg", "beta1")]
[Moment("exp_avg_diff", "beta2", Of = "grad_diff")]
[Let("nesterov_grad", "grad_diff * beta2 + g")]
[Moment("exp_avg_sq", "beta3", Of = "nesterov_grad * nesterov_grad")]
// timm divides by sqrt(1 - beta3^t); multiplying by its reciprocal (a per-step scalar) saves a division per element.
[Let("denom", "sqrt(exp_avg_sq) * (1 / sqrt(1 - pow(beta3, t))) + eps")]
[Assign("p", "p * (1 - lr * weight_decay)", If = "no_prox && weight_decay != 0")]
[Update("lr / (1 - pow(beta1, t)) * (exp_avg / denom)")]
[Update("lr * beta2 / (1 - pow(beta2, t)) * (exp_avg_diff / denom)")]
[Assign("p", "p / (1 + lr * weight_decay)", If = "!no_prox && weight_decay != 0")]
[Assign("neg_pre_grad", "-g")]
public sealed partial class Adan;
