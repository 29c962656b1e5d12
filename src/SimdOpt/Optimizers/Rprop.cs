using SimdOpt.Spec;

namespace SimdOpt.Optimizers;

/// <summary>Rprop: per-element step sizes grown or shrunk by the sign agreement of successive gradients, as
/// torch.optim.Rprop.</summary>
[Optimizer("rprop",
    Description = "Resilient backpropagation: per-element step sizes from gradient signs, as torch.optim.Rprop")]
[Hyperparameter("lr", 1e-2, Min = 0, Description = "initial step size")]
[Hyperparameter("eta_minus", 0.5, Min = 0, Max = 1, MinExclusive = true, MaxExclusive = true,
    Description = "step-size factor when the gradient changes sign")]
[Hyperparameter("eta_plus", 1.2, Min = 1, MinExclusive = true,
    Description = "step-size factor when the gradient keeps its sign")]
[Hyperparameter("step_size_min", 1e-6, Min = 0, Description = "smallest step size")]
[Hyperparameter("step_size_max", 50, Min = 0, Description = "largest step size")]
[Flag("maximize", Description = "ascend instead of descend")]
[Require("step_size_min <= step_size_max", "step_size_min must not exceed step_size_max.")]
[State("prev")]
[State("step_size", Init = "lr")]
[Maximize]
[Let("agreement", "g * prev")]
[Assign("step_size",
    "clamp(agreement > 0 ? step_size * eta_plus : agreement < 0 ? step_size * eta_minus : step_size, "
        + "step_size_min, step_size_max)")]
[Assign("g", "agreement < 0 ? 0 : g")]
[Update("sign(g) * step_size")]
[Assign("prev", "g")]
public sealed partial class Rprop;
