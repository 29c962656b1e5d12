using SimdOpt.Spec;

namespace SimdOpt.Optimizers;

/// <summary>
/// Sophia-G (Liu et al., 2023, "Sophia: A Scalable Stochastic Second-order Optimizer for Language Model
/// Pre-training"), as the authors' SophiaG (github.com/Liuhong99/Sophia, sophia.py): a momentum step divided by an
/// exponential average of the caller's diagonal Hessian estimate ĥ, clipped per element to at most lr.
/// </summary>
/// <remarks>
/// The authors' training loop updates the Hessian average after step t whenever t % k == 0, so step t + 1 is the first
/// to see it; here the step that sees it folds it in itself: steps t with t &gt; 1 and (t - 1) % k == 0 (t = k + 1,
/// 2k + 1, ...; every step from 2 when k = 1) read <c>hessian_estimate</c>, which the caller computes at the
/// parameters before that step (for Sophia-G: the square of the gradient of the loss on labels sampled from the model,
/// as the authors' update_hessian squares p.grad; the paper's batch-size factor is <c>bs</c>), and every other step may
/// pass an empty span.
/// </remarks>
[Optimizer("sophia",
    Description = "Clipped steps preconditioned by a Hessian estimate every k steps (Liu et al., 2023)")]
[Hyperparameter("lr", 1e-4, Min = 0, Description = "learning rate: the largest change of an element in one step")]
[Hyperparameter("beta1", 0.965, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the momentum")]
[Hyperparameter("beta2", 0.99, Min = 0, Max = 1, MaxExclusive = true,
    Description = "decay of the Hessian average, applied on the steps that read an estimate")]
[Hyperparameter("rho", 0.04, Min = 0, Description = "clipping scale: the step is clip(m / (rho * bs * h), 1)")]
[Hyperparameter("weight_decay", 1e-1, Min = 0,
    Description = "decoupled weight decay: p <- p * (1 - lr * weight_decay)")]
[Hyperparameter("bs", 5120, Min = 0, Description = "the batch size (tokens) the estimate is scaled by, as step(bs=)")]
[Hyperparameter("update_period", 10, Min = 1,
    Description = "k: steps t > 1 with (t - 1) % k == 0 read a new Hessian estimate")]
[Flag("maximize", Description = "maximize the objective")]
[Require("update_period % 1 == 0", "update_period must be a whole number of steps")]
[Input("hessian_estimate", If = "t > 1 && (t - 1) % update_period == 0")]
[Maximize]                                                   // g <- -g
[DecoupledWeightDecay]                                       // p <- p * (1 - lr * weight_decay)
[State("hessian")]
[Assign("hessian", "beta2 * hessian + (1 - beta2) * hessian_estimate", If = "t > 1 && (t - 1) % update_period == 0")]
[Moment("exp_avg", "beta1")]                                 // m <- beta1 * m + (1 - beta1) * g
[Update("lr * sign(exp_avg) * min(abs(exp_avg) / (rho * bs * hessian + 1e-15), 1)")]
public sealed partial class Sophia;
