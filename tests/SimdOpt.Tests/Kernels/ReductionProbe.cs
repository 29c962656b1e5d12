using SimdOpt.Spec;

namespace SimdOpt.Tests.Kernels;

/// <summary>
/// Every reduction of the language in one step, so the path and chunk tests hold reductions on their own: sums,
/// a mean, a count, a largest magnitude in the first pass, and an RMS and a norm of values that need the first pass's
/// results in a second.
/// </summary>
[Optimizer("reduction-probe", Description = "every reduction of the spec language, for the kernel tests")]
[Hyperparameter("lr", 0.01, Min = 0, Description = "learning rate")]
[State("acc")]
[Let("g_sum", "sum(g)")]
[Let("p_mean", "mean(p)")]
[Let("g_sq", "sumsq(g)")]
[Let("agree", "count(g * p > 0)")]
[Let("largest", "maxabs(g)")]
[Assign("acc", "acc * 0.5 + g * (1 / max(1, g_sq))")]
[Let("spread", "rms(acc - p_mean)")]
[Let("distance", "norm(p - acc)")]
[Update("lr * (acc / max(spread, 1) + g_sum / (1 + abs(g_sum)) * (agree / (1 + agree)) + p / (1 + distance) "
    + "+ g / (1 + largest))")]
public sealed partial class ReductionProbe;
