using SimdOpt.Spec;

namespace SimdOpt.Optimizers;

/// <summary>RAdam: Adam with a rectified adaptive learning rate, as torch.optim.RAdam.</summary>
[Optimizer("radam", Description = "Adam with a rectified adaptive learning rate, as torch.optim.RAdam")]
[Hyperparameter("lr", 1e-3, Min = 0, Description = "learning rate")]
[Hyperparameter("beta1", 0.9, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the first moment")]
[Hyperparameter("beta2", 0.999, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the second moment")]
[Hyperparameter("eps", 1e-8, Min = 0, Description = "added to the denominator for stability")]
[Hyperparameter("weight_decay", 0, Min = 0, Description = "L2 penalty")]
[Flag("maximize", Description = "ascend instead of descend")]
[Maximize]
[WeightDecay]
[Moment("exp_avg", "beta1")]
[Moment("exp_avg_sq", "beta2", Of = "g * g")]
[BiasCorrection("exp_avg", "beta1", Name = "bias_corrected_exp_avg")]
[Let("rho_inf", "2 / (1 - beta2) - 1")]
[Let("rho_t", "rho_inf - 2 * t * pow(beta2, t) / (1 - pow(beta2, t))")]
[Let("rect", "rho_t > 5 ? sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) : 0")]
[Update("rho_t > 5 ? bias_corrected_exp_avg * lr * (sqrt(1 - pow(beta2, t)) / (sqrt(exp_avg_sq) + eps)) * rect"
    + " : bias_corrected_exp_avg * lr")]
public sealed partial class RAdam;
