using SimdOpt.Spec;

namespace SimdOpt.Optimizers;

/// <summary>Lion (Chen et al., 2023): the sign of an interpolation of momentum and gradient, with decoupled weight
/// decay.</summary>
[Optimizer("lion", Description = "Evolved sign momentum (Chen et al., 2023)")]
[Hyperparameter("lr", 1e-4, Min = 0, Description = "learning rate")]
[Hyperparameter("beta1", 0.9, Min = 0, Max = 1, Description = "interpolation factor of the update direction")]
[Hyperparameter("beta2", 0.99, Min = 0, Max = 1, Description = "decay of the momentum")]
[Hyperparameter("weight_decay", 0, Min = 0, Description = "decoupled weight decay")]
[DecoupledWeightDecay]
[State("exp_avg")]
[Update("lr * sign(beta1 * exp_avg + (1 - beta1) * g)")]
[Assign("exp_avg", "beta2 * exp_avg + (1 - beta2) * g")]
public sealed partial class Lion;
