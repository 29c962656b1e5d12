using SimdOpt.Spec;

namespace SimdOpt.Tests.Walkthrough;

/// <summary>
/// AdaBelief (Zhuang et al., 2020), which SimdOpt does not ship: Adam whose second moment is the variance of the
/// gradient around its moving average, s &lt;- beta2 * s + (1 - beta2) * (g - m)^2 + eps, so steps are large where the
/// gradient is predictable and small where it is not. Decoupled weight decay, as the authors' adabelief-pytorch.
/// </summary>
[Optimizer("adabelief", Description = "Adam scaled by the belief in the gradient (Zhuang et al., 2020)")]
[Hyperparameter("lr", 1e-3, Min = 0, Description = "learning rate")]
[Hyperparameter("beta1", 0.9, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the first moment")]
[Hyperparameter("beta2", 0.999, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the belief (variance) moment")]
[Hyperparameter("eps", 1e-16, Min = 0, Description = "added to the variance and to the denominator")]
[Hyperparameter("weight_decay", 0, Min = 0, Description = "decoupled weight decay: p <- p * (1 - lr * weight_decay)")]
[DecoupledWeightDecay]                                   // p <- p * (1 - lr * weight_decay), skipped when 0
[Moment("exp_avg", "beta1")]                             // m <- beta1 * m + (1 - beta1) * g
[Let("residual", "g - exp_avg")]                         // per element: it reads g and a state
[State("exp_avg_var")]
[Assign("exp_avg_var", "beta2 * exp_avg_var + (1 - beta2) * (residual * residual) + eps")]
[BiasCorrection("exp_avg", "beta1", Name = "m_hat")]     // m / (1 - beta1^t): the correction is per step
[BiasCorrection("exp_avg_var", "beta2", Name = "s_hat")]
[Update("lr * m_hat / (sqrt(s_hat) + eps)")]             // p <- p - update
public sealed partial class AdaBelief;
