using SimdOpt.Spec;

namespace SimdOpt.Optimizers;

/// <summary>Adamax: Adam with an infinity-norm second moment, as torch.optim.Adamax.</summary>
[Optimizer("adamax", Description = "Adam with an infinity-norm second moment, as torch.optim.Adamax")]
[Hyperparameter("lr", 2e-3, Min = 0, Description = "learning rate")]
[Hyperparameter("beta1", 0.9, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the first moment")]
[Hyperparameter("beta2", 0.999, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the infinity norm")]
[Hyperparameter("eps", 1e-8, Min = 0, Description = "added to |g| for stability")]
[Hyperparameter("weight_decay", 0, Min = 0, Description = "L2 penalty")]
[Flag("maximize", Description = "ascend instead of descend")]
[Maximize]
[WeightDecay]
[Moment("exp_avg", "beta1")]
[State("exp_inf")]
[Assign("exp_inf", "max(beta2 * exp_inf, abs(g) + eps)")]
[Update("lr / (1 - pow(beta1, t)) * (exp_avg / exp_inf)")]
public sealed partial class Adamax;
