using SimdOpt.Spec;

namespace SimdOpt.Optimizers;

/// <summary>Adam with optional AMSGrad and L2 weight decay, as torch.optim.Adam.</summary>
[Optimizer("adam", Description = "Adaptive moment estimation, as torch.optim.Adam")]
[Hyperparameter("lr", 1e-3, Min = 0, Description = "learning rate")]
[Hyperparameter("beta1", 0.9, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the first moment")]
[Hyperparameter("beta2", 0.999, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the second moment")]
[Hyperparameter("eps", 1e-8, Min = 0, Description = "added to the denominator for stability")]
[Hyperparameter("weight_decay", 0, Min = 0, Description = "L2 penalty")]
[Flag("amsgrad", Description = "use the running maximum of the second moment (AMSGrad)")]
[Flag("maximize", Description = "ascend instead of descend")]
[Maximize]
[WeightDecay]
[Moment("exp_avg", "beta1")]
[Moment("exp_avg_sq", "beta2", Of = "g * g")]
[State("max_exp_avg_sq", If = "amsgrad")]
[Assign("max_exp_avg_sq", "max(max_exp_avg_sq, exp_avg_sq)", If = "amsgrad")]
// torch divides by sqrt(1 - beta2^t); multiplying by its reciprocal (a per-step scalar) saves a division per element.
[Let("denom", "sqrt(amsgrad ? max_exp_avg_sq : exp_avg_sq) * (1 / sqrt(1 - pow(beta2, t))) + eps")]
[Update("lr / (1 - pow(beta1, t)) * (exp_avg / denom)")]
public sealed partial class Adam;
