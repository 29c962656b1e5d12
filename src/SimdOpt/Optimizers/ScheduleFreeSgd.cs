using SimdOpt.Spec;

namespace SimdOpt.Optimizers;

/// <summary>
/// Schedule-Free SGD (Defazio et al., 2024, "The Road Less Scheduled"), as facebookresearch/schedule_free's
/// SGDScheduleFree (schedulefree/sgd_schedulefree.py): SGD steps on the iterate z, an average x of the iterates
/// weighted by lr_max^weight_lr_power * t^r, and the gradient taken at y, between the two. The parameters hold y while
/// training; <c>Eval()</c> moves them to x and <c>Train()</c> back (the <c>[Mode]</c>s below).
/// </summary>
[Optimizer("schedulefree_sgd",
    Description = "Schedule-Free SGD (Defazio et al., 2024), as facebookresearch/schedule_free SGDScheduleFree")]
[Hyperparameter("lr", 1, Min = 0, Description = "learning rate, after the warmup")]
[Hyperparameter("momentum", 0.9, Min = 0, Max = 1, MinExclusive = true, MaxExclusive = true,
    Description = "interpolation between the average x and the iterate z")]
[Hyperparameter("weight_decay", 0, Min = 0, Description = "L2 penalty, taken at y")]
[Hyperparameter("warmup_steps", 0, Min = 0, Description = "steps of linear learning-rate warmup")]
[Hyperparameter("r", 0, Min = 0, Description = "the average weights step t by t^r")]
[Hyperparameter("weight_lr_power", 2, Min = 0, Description = "the average weights a step by lr_max^weight_lr_power")]
// Exact by default: one more buffer (4 bytes per float element) for a round trip that changes nothing.
[Flag("exact_train", Default = true,
    Description = "Eval() keeps y in a buffer, so Train() restores it bit for bit; false: no buffer, and Train() "
        + "recomputes y from x and z as the reference does, equal only up to rounding")]
[Require("warmup_steps % 1 == 0", "warmup_steps must be a whole number of steps")]
[StepState("lr_max", Init = "-1")]
[StepState("weight_sum")]
[State("z")]
// y, the training point, while the parameters hold x: what Train() restores.
[State("y", If = "exact_train")]
[Mode("eval", "y", "p", If = "exact_train")]
[Mode("eval", "p",
    "abs(1 - 1 / momentum) < 0.5 ? p + (1 - 1 / momentum) * (z - p) : z - (z - p) * (1 / momentum)")]
[Mode("train", "p", "y", If = "exact_train")]
[Mode("train", "p", "abs(1 - momentum) < 0.5 ? p + (1 - momentum) * (z - p) : z - (z - p) * momentum",
    If = "!exact_train")]
[Assign("z", "p", If = "t == 1")]
[Let("lr_t", "t <= warmup_steps ? lr * (t / warmup_steps) : lr")]
[Assign("lr_max", "max(lr_t, lr_max)")]
[Let("weight", "pow(t, r) * pow(lr_max, weight_lr_power)")]
[Assign("weight_sum", "weight_sum + weight")]
[Let("ckp1", "weight_sum != 0 ? weight / weight_sum : 0")]
[WeightDecay]
// torch's lerp(y, z, ckp1), which picks its form by the weight.
[Assign("p", "abs(ckp1) < 0.5 ? p + ckp1 * (z - p) : z - (z - p) * (1 - ckp1)")]
[Assign("p", "p + lr_t * (momentum * (1 - ckp1) - 1) * g")]
[Assign("z", "z - lr_t * g")]
public sealed partial class ScheduleFreeSgd;
