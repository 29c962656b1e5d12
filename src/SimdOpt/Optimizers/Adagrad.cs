using SimdOpt.Spec;

namespace SimdOpt.Optimizers;

/// <summary>Adagrad: per-element learning rates from the running sum of squared gradients, as
/// torch.optim.Adagrad.</summary>
[Optimizer("adagrad",
    Description = "Adaptive learning rates from the sum of squared gradients, as torch.optim.Adagrad")]
[Hyperparameter("lr", 1e-2, Min = 0, Description = "learning rate")]
[Hyperparameter("lr_decay", 0, Min = 0, Description = "learning-rate decay: lr / (1 + (t - 1) * lr_decay)")]
[Hyperparameter("weight_decay", 0, Min = 0, Description = "L2 penalty")]
[Hyperparameter("initial_accumulator_value", 0, Min = 0, Description = "starting value of the sum of squares")]
[Hyperparameter("eps", 1e-10, Min = 0, Description = "added to the denominator for stability")]
[Flag("maximize", Description = "ascend instead of descend")]
[State("sum", Init = "initial_accumulator_value")]
[Maximize]
[WeightDecay]
[Let("clr", "lr / (1 + (t - 1) * lr_decay)")]
[Assign("sum", "sum + g * g")]
[Update("clr * (g / (sqrt(sum) + eps))")]
public sealed partial class Adagrad;
