using SimdOpt.Spec;

namespace SimdOpt.Optimizers;

/// <summary>RMSprop: the gradient divided by a running root mean square, optionally centred and with momentum, as
/// torch.optim.RMSprop.</summary>
[Optimizer("rmsprop",
    Description = "Gradient scaled by a running RMS, optionally centred, with momentum, as torch.optim.RMSprop")]
[Hyperparameter("lr", 1e-2, Min = 0, Description = "learning rate")]
[Hyperparameter("alpha", 0.99, Min = 0, Max = 1, Description = "smoothing constant of the squared-gradient average")]
[Hyperparameter("eps", 1e-8, Min = 0, Description = "added to the denominator for stability")]
[Hyperparameter("weight_decay", 0, Min = 0, Description = "L2 penalty")]
[Hyperparameter("momentum", 0, Min = 0, Description = "momentum factor; 0 turns momentum off")]
[Flag("centered", Description = "normalise by the estimated variance instead of the raw second moment")]
[Flag("maximize", Description = "ascend instead of descend")]
[Maximize]
[WeightDecay]
[Moment("square_avg", "alpha", Of = "g * g")]
[State("momentum_buffer", If = "momentum > 0")]
[Moment("grad_avg", "alpha", If = "centered")]
[Let("avg", "(centered ? sqrt(square_avg - grad_avg * grad_avg) : sqrt(square_avg)) + eps")]
[Assign("momentum_buffer", "momentum * momentum_buffer + g / avg", If = "momentum > 0")]
[Update("lr * (momentum > 0 ? momentum_buffer : g / avg)")]
public sealed partial class RmsProp;
