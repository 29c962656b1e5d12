using SimdOpt.Spec;

namespace SimdOpt.Optimizers;

/// <summary>
/// Schedule-Free AdamW (Defazio et al., 2024, "The Road Less Scheduled"), as facebookresearch/schedule_free's
/// AdamWScheduleFree (schedulefree/adamw_schedulefree.py): no learning-rate schedule, an optional linear warmup, and an
/// average x of the iterates z, weighted by lr_max^weight_lr_power * t^r. The parameters hold y, the point the gradient
/// is taken at, while training; <c>Eval()</c> moves them to x for evaluation and <c>Train()</c> back (the
/// <c>[Mode]</c>s below). The reference's <c>lr_max</c> and <c>weight_sum</c> are per-step state; its clone of p into
/// z when the state is created is the assignment at t = 1.
/// </summary>
[Optimizer("schedulefree_adamw",
    Description = "Schedule-Free AdamW (Defazio et al., 2024), as facebookresearch/schedule_free AdamWScheduleFree")]
[Hyperparameter("lr", 0.0025, Min = 0, Description = "learning rate, after the warmup")]
// Above 0: switching to evaluation moves p by the weight 1 - 1 / beta1.
[Hyperparameter("beta1", 0.9, Min = 0, Max = 1, MinExclusive = true, MaxExclusive = true,
    Description = "interpolation between the average x and the iterate z (the reference's momentum)")]
[Hyperparameter("beta2", 0.999, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the second moment")]
[Hyperparameter("eps", 1e-8, Min = 0, Description = "added to the denominator for stability")]
[Hyperparameter("weight_decay", 0, Min = 0, Description = "L2 penalty, taken at y")]
[Hyperparameter("warmup_steps", 0, Min = 0, Description = "steps of linear learning-rate warmup")]
[Hyperparameter("r", 0, Min = 0, Description = "the average weights step t by t^r")]
[Hyperparameter("weight_lr_power", 2, Min = 0, Description = "the average weights a step by lr_max^weight_lr_power")]
[Hyperparameter("inner_momentum", 0, Min = 0, Max = 1, MaxExclusive = true,
    Description = "decay of an Adam-style first moment of the gradient; 0: none, and no buffer")]
// Exact by default: one more buffer (4 bytes per float element) for a round trip that changes nothing.
[Flag("exact_train", Default = true,
    Description = "Eval() keeps y in a buffer, so Train() restores it bit for bit; false: no buffer, and Train() "
        + "recomputes y from x and z as the reference does, equal only up to rounding")]
[Require("warmup_steps % 1 == 0", "warmup_steps must be a whole number of steps")]
[StepState("lr_max", Init = "-1")]
[StepState("weight_sum")]
[State("z")]
[State("exp_avg_sq")]
[State("exp_avg", If = "inner_momentum != 0")]
// y, the training point, while the parameters hold x: what Train() restores.
[State("y", If = "exact_train")]
[Mode("eval", "y", "p", If = "exact_train")]
[Mode("eval", "p",
    "abs(1 - 1 / beta1) < 0.5 ? p + (1 - 1 / beta1) * (z - p) : z - (z - p) * (1 / beta1)")]
[Mode("train", "p", "y", If = "exact_train")]
[Mode("train", "p", "abs(1 - beta1) < 0.5 ? p + (1 - beta1) * (z - p) : z - (z - p) * beta1",
    If = "!exact_train")]
[Assign("z", "p", If = "t == 1")]
[Let("lr_t", "t <= warmup_steps ? lr * (t / warmup_steps) : lr")]
[Assign("lr_max", "max(lr_t, lr_max)")]
[Let("weight", "pow(t, r) * pow(lr_max, weight_lr_power)")]
[Assign("weight_sum", "weight_sum + weight")]
[Let("ckp1", "weight_sum != 0 ? weight / weight_sum : 0")]
[Assign("exp_avg_sq", "exp_avg_sq * beta2 + (1 - beta2) * g * g")]
[Let("denom", "sqrt(exp_avg_sq / (1 - pow(beta2, t))) + eps")]
[Assign("exp_avg", "exp_avg * inner_momentum + (1 - inner_momentum) * g", If = "inner_momentum != 0")]
[Let("normalized", "inner_momentum != 0 ? exp_avg / (1 - pow(inner_momentum, t)) / denom : g / denom")]
[Let("direction", "weight_decay != 0 ? normalized + weight_decay * p : normalized")]
// torch's lerp(y, z, ckp1), which picks its form by the weight.
[Assign("p", "abs(ckp1) < 0.5 ? p + ckp1 * (z - p) : z - (z - p) * (1 - ckp1)")]
[Assign("p", "p + lr_t * (beta1 * (1 - ckp1) - 1) * direction")]
[Assign("z", "z - lr_t * direction")]
public sealed partial class ScheduleFreeAdamW;
