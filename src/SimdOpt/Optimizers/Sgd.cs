using SimdOpt.Spec;

namespace SimdOpt.Optimizers;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum, L2 weight decay and
/// maximisation, as torch.optim.SGD. Plain gradient descent is SGD without momentum; batch, stochastic and
/// mini-batch gradient descent differ only in the gradient the caller passes.
/// </summary>
[Optimizer("sgd", Description = "Gradient descent with optional (Nesterov) momentum, as torch.optim.SGD")]
[Hyperparameter("lr", 1e-3, Min = 0, Description = "learning rate")]
[Hyperparameter("momentum", 0, Min = 0, Description = "momentum factor; 0 turns momentum off")]
[Hyperparameter("dampening", 0, Min = 0, Max = 1, Description = "dampening of the gradient added to the momentum")]
[Hyperparameter("weight_decay", 0, Min = 0, Description = "L2 penalty")]
[Flag("nesterov", Description = "use Nesterov momentum")]
[Flag("maximize", Description = "ascend instead of descend")]
[Require("!nesterov || (momentum > 0 && dampening == 0)",
    "Nesterov momentum requires a positive momentum and zero dampening.")]
[State("momentum_buffer", If = "momentum != 0")]
[Maximize]
[WeightDecay]
[Assign("momentum_buffer", "t == 1 ? g : momentum * momentum_buffer + (1 - dampening) * g", If = "momentum != 0")]
[Assign("g", "nesterov ? g + momentum * momentum_buffer : momentum_buffer", If = "momentum != 0")]
[Update("lr * g")]
public sealed partial class Sgd;
