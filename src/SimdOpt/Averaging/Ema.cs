using SimdOpt.Spec;

namespace SimdOpt.Averaging;

/// <summary>
/// The exponential moving average of parameters, as <c>torch.optim.swa_utils.AveragedModel</c> with
/// <c>get_ema_multi_avg_fn(decay)</c>, with the optional decay warm-up of timm's <c>ModelEmaV3</c>. Stepped by
/// <see cref="Training.AveragedParameters{T}"/>: <c>p</c> is the averaged copy, <c>g</c> the live parameter, and
/// <c>t</c> the number of the update (1 for the first, torch's <c>n_averaged + 1</c>, timm's <c>step</c>).
/// </summary>
/// <remarks>
/// The update is <c>torch.lerp(average, parameter, 1 - decay_t)</c> with torch's two forms: <c>p + w·(g - p)</c> for a
/// weight <c>w</c> below 0.5 (every decay above 0.5) and <c>g - (g - p)·(1 - w)</c> from 0.5 up. Each form is one
/// fused multiply-add, as the generator contracts a product and a sum on every path, and as torch's vectorized CPU
/// kernel computes it. An update whose decay is 0 — the first one, as torch's
/// <c>AveragedModel</c> copies at <c>n_averaged == 0</c> and timm at <c>step &lt;= update_after_step + 1</c> — copies
/// the parameter exactly.
/// </remarks>
[Optimizer("ema", Registered = false,
    Description = "Exponential moving average of parameters (get_ema_multi_avg_fn; timm ModelEmaV3)")]
[Hyperparameter("decay", 0.999, Min = 0, Max = 1, Description = "the decay of the average (timm's decay)")]
[Hyperparameter("min_decay", 0, Min = 0, Max = 1, Description = "the smallest warmed-up decay (timm's min_decay)")]
[Hyperparameter("update_after_step", 0, Min = 0,
    Description = "updates after the first that copy the parameter (timm's update_after_step)")]
[Flag("use_warmup", Description = "warm the decay up as timm's ModelEmaV3 (use_warmup)")]
[Hyperparameter("warmup_gamma", 1, Min = 0, MinExclusive = true, Description = "timm's warmup_gamma")]
[Hyperparameter("warmup_power", 2.0 / 3, Min = 0, MinExclusive = true, Description = "timm's warmup_power")]
[Let("warmup_step", "max(0, t - update_after_step - 1)")]
[Let("decay_t", "warmup_step <= 0 ? 0 : use_warmup "
    + "? max(min(1 - pow(1 + warmup_step / warmup_gamma, -warmup_power), decay), min_decay) : decay")]
[Let("weight", "1 - decay_t")]
[Assign("p", "decay_t == 0 ? g : weight < 0.5 ? p + weight * (g - p) : g - (g - p) * (1 - weight)")]
public sealed partial class Ema;
