using SimdOpt.Spec;

namespace SimdOpt.Optimizers;

/// <summary>AdamW: Adam with decoupled weight decay and optional AMSGrad, as torch.optim.AdamW.</summary>
[Optimizer("adamw", Description = "Adam with decoupled weight decay, as torch.optim.AdamW")]
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
// torch divides by sqrt(1 - beta2^t); multiplying by its reciprocal (a per-step scalar) saves a division per element.
[Let("denom", "sqrt(amsgrad ? max_exp_avg_sq : exp_avg_sq) * (1 / sqrt(1 - pow(beta2, t))) + eps")]
[Update("lr / (1 - pow(beta1, t)) * (exp_avg / denom)")]
public sealed partial class AdamW;
