using SimdOpt.Spec;

namespace YogiSample;

/// <summary>
/// Yogi (Zaheer et al., 2018), which SimdOpt does not ship: Adam whose second moment moves additively,
/// v &lt;- v - (1 - beta2) * sign(v - g^2) * g^2, so it cannot grow too fast.
/// </summary>
[Optimizer("yogi", Description = "Adam with an additive second-moment update (Zaheer et al., 2018)")]
[Hyperparameter("lr", 1e-2, Min = 0)]
[Hyperparameter("beta1", 0.9, Min = 0, Max = 1, MaxExclusive = true)]
[Hyperparameter("beta2", 0.999, Min = 0, Max = 1, MaxExclusive = true)]
[Hyperparameter("eps", 1e-3, Min = 0)]
[Hyperparameter("initial_accumulator", 1e-6, Min = 0)]
[State("v", Init = "initial_accumulator")]
[Moment("m", "beta1")]
[Let("g2", "g * g")]
[Assign("v", "v - (1 - beta2) * sign(v - g2) * g2")]
[Update("lr * (m / (sqrt(v) + eps))")]
public sealed partial class Yogi;
