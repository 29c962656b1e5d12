using SimdOpt.Spec;

namespace SimdOpt.Optimizers;

/// <summary>Adadelta: steps scaled by the ratio of running RMS of updates and of gradients, as
/// torch.optim.Adadelta.</summary>
[Optimizer("adadelta",
    Description = "Steps scaled by RMS of past updates over RMS of gradients, as torch.optim.Adadelta")]
[Hyperparameter("lr", 1.0, Min = 0, Description = "coefficient that scales delta before it is applied")]
[Hyperparameter("rho", 0.9, Min = 0, Max = 1, Description = "decay of the running averages")]
[Hyperparameter("eps", 1e-6, Min = 0, Description = "added inside the square roots for stability")]
[Hyperparameter("weight_decay", 0, Min = 0, Description = "L2 penalty")]
[Flag("maximize", Description = "ascend instead of descend")]
[Maximize]
[WeightDecay]
[Moment("square_avg", "rho", Of = "g * g")]
[State("acc_delta")]
[Let("delta", "sqrt(acc_delta + eps) / sqrt(square_avg + eps) * g")]
[Assign("acc_delta", "rho * acc_delta + (1 - rho) * (delta * delta)")]
[Update("lr * delta")]
public sealed partial class Adadelta;
