using SimdOpt.Spec;

namespace SimdOpt.Optimizers;

/// <summary>
/// ADOPT (Taniguchi et al., 2024, "ADOPT: Modified Adam Can Converge with Any beta2 with the Optimal Rate"), as
/// timm.optim.Adopt: the gradient is normalised by the second moment of the steps before it, then averaged; the first
/// step only sets the second moment. timm's <c>clip_exp=None</c> (no clipping) is <c>clip: false</c> here: a
/// hyperparameter is always a finite number, and every exponent, 0 included (clip at ±1), is a clipping someone may
/// want, so no value of <c>clip_exp</c> can mean "off". timm's <c>caution</c> needs the mean of a mask over the
/// tensor, a reduction the language cannot say yet; its <c>corrected_weight_decay</c> scales by the optimizer's
/// initial learning rate, which a parameter group's hyperparameters do not hold.
/// </summary>
[Optimizer("adopt",
    Description = "Adam on the gradient normalised by the previous second moment (Taniguchi et al., 2024), "
        + "as timm.optim.Adopt")]
[Hyperparameter("lr", 1e-3, Min = 0, Description = "learning rate")]
[Hyperparameter("beta1", 0.9, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the first moment")]
[Hyperparameter("beta2", 0.9999, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the second moment")]
[Hyperparameter("eps", 1e-6, Min = 0, Description = "smallest denominator of the normalised gradient")]
// At most 2, so that the bound (t - 1)^clip_exp stays finite in float for every step count up to 2^63.
[Hyperparameter("clip_exp", 0.333, Min = 0, Max = 2,
    Description = "the normalised gradient is clipped to ±(t - 1)^clip_exp when clip is set")]
[Hyperparameter("weight_decay", 0, Min = 0, Description = "L2 penalty; decoupled with decoupled")]
[Flag("clip", Default = true, Description = "clip the normalised gradient; false is timm's clip_exp=None")]
[Flag("decoupled", Description = "decay as p - lr * weight_decay * p instead of adding to the gradient")]
[Flag("maximize", Description = "ascend instead of descend")]
[State("exp_avg")]
[State("exp_avg_sq")]
[Maximize]
[Assign("g", "g + weight_decay * p", If = "!decoupled && weight_decay != 0")]
[Assign("exp_avg_sq", "exp_avg_sq + g * g", If = "t == 1")]
[Assign("p", "p - lr * weight_decay * p", If = "t > 1 && decoupled && weight_decay != 0")]
[Let("normed_grad", "g / max(sqrt(exp_avg_sq), eps)")]
[Let("clipped", "clip ? clamp(normed_grad, -pow(t - 1, clip_exp), pow(t - 1, clip_exp)) : normed_grad")]
// torch's lerp(exp_avg, clipped, weight), which picks its form by the weight.
[Let("weight", "1 - beta1")]
[Assign("exp_avg",
    "weight < 0.5 ? exp_avg + weight * (clipped - exp_avg) : clipped - (clipped - exp_avg) * (1 - weight)",
    If = "t > 1")]
[Update("lr * exp_avg", If = "t > 1")]
[Assign("exp_avg_sq", "beta2 * exp_avg_sq + (1 - beta2) * (g * g)", If = "t > 1")]
public sealed partial class Adopt;
