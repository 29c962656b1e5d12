using SimdOpt.Spec;

namespace SimdOpt.Optimizers;

/// <summary>
/// NAdam: Adam with Nesterov momentum and a momentum schedule, as torch.optim.NAdam 1.13, whose second term divides by
/// <c>1 - mu_product * mu * mu_next</c> (mu counted twice); the golden trajectories hold that behaviour.
/// </summary>
[Optimizer("nadam", Description = "Adam with Nesterov momentum and a momentum schedule, as torch.optim.NAdam")]
[Hyperparameter("lr", 2e-3, Min = 0, Description = "learning rate")]
[Hyperparameter("beta1", 0.9, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the first moment")]
[Hyperparameter("beta2", 0.999, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the second moment")]
[Hyperparameter("eps", 1e-8, Min = 0, Description = "added to the denominator for stability")]
[Hyperparameter("weight_decay", 0, Min = 0, Description = "L2 penalty")]
[Hyperparameter("momentum_decay", 4e-3, Min = 0, Description = "decay of the momentum schedule")]
[Flag("maximize", Description = "ascend instead of descend")]
[StepState("mu_product", Init = "1")]
[Maximize]
[WeightDecay]
[Let("mu", "beta1 * (1 - 0.5 * pow(0.96, t * momentum_decay))")]
[Let("mu_next", "beta1 * (1 - 0.5 * pow(0.96, (t + 1) * momentum_decay))")]
[Assign("mu_product", "mu_product * mu")]
[Moment("exp_avg", "beta1")]
[Moment("exp_avg_sq", "beta2", Of = "g * g")]
// torch divides by 1 - beta2^t; multiplying by its reciprocal (a per-step scalar) saves a division per element.
[Let("denom", "sqrt(exp_avg_sq * (1 / (1 - pow(beta2, t)))) + eps")]
[Update("lr * (1 - mu) / (1 - mu_product) * (g / denom)")]
[Update("lr * mu_next / (1 - mu_product * mu * mu_next) * (exp_avg / denom)")]
public sealed partial class NAdam;
