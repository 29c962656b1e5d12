using SimdOpt.Spec;

namespace SimdOpt.Optimizers;

/// <summary>
/// LARS (You et al., 2017, "Large Batch Training of Convolutional Networks"), as timm's <c>Lars</c>: SGD whose gradient
/// (plus weight decay) is scaled by the layer-wise trust ratio trust_coeff * ||p|| / (||g|| + weight_decay * ||p|| +
/// eps) of the tensor (1 when either norm is 0), with optional (Nesterov) momentum.
/// </summary>
[Optimizer("lars", Description = "SGD with the layer-wise trust ratio, as timm's Lars")]
[Hyperparameter("lr", 1.0, Min = 0, Description = "learning rate")]
[Hyperparameter("momentum", 0, Min = 0, Description = "momentum factor; 0 turns momentum off")]
[Hyperparameter("dampening", 0, Min = 0, Max = 1, Description = "dampening of the gradient added to the momentum")]
[Hyperparameter("weight_decay", 0, Min = 0, Description = "L2 penalty, added to the gradient before the trust ratio")]
[Hyperparameter("trust_coeff", 0.001, Min = 0, Description = "trust coefficient")]
[Hyperparameter("eps", 1e-8, Min = 0, Description = "added to the trust ratio's denominator")]
[Flag("nesterov", Description = "use Nesterov momentum")]
[Flag("trust_clip", Description = "clip the trust ratio divided by lr at 1")]
[Flag("always_adapt", Description = "apply the trust ratio even without weight decay")]
[Require("!nesterov || (momentum > 0 && dampening == 0)",
    "Nesterov momentum requires a positive momentum and zero dampening.")]
[State("momentum_buffer", If = "momentum != 0")]
// Both norms read only p and g: one read-only pass computes them, before the pass that writes.
[Let("w_norm", "norm(p)")]
[Let("g_norm", "norm(g)")]
[Let("trust_ratio", "w_norm > 0 && g_norm > 0 ? trust_coeff * w_norm / (g_norm + w_norm * weight_decay + eps) : 1")]
[Let("trust", "trust_clip ? min(trust_ratio / lr, 1) : trust_ratio")]
[Assign("g", "(g + weight_decay * p) * trust", If = "weight_decay != 0 || always_adapt")]
[Assign("momentum_buffer", "t == 1 ? g : momentum * momentum_buffer + (1 - dampening) * g", If = "momentum != 0")]
[Assign("g", "nesterov ? g + momentum * momentum_buffer : momentum_buffer", If = "momentum != 0")]
[Update("lr * g")]
public sealed partial class Lars;
