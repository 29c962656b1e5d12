using SimdOpt.Spec;

namespace SimdOpt.Tests.Kernels;

/// <summary>
/// Every step-wide reduction, each kept in a state so a test reads it per tensor, beside a tensor's own sum: with
/// whole-number gradients every total is exact, so a test states it exactly. A step with a gradient of exactly 777 in
/// any tensor is refused: a value no other test's data holds (the property tests' special values and the demos'
/// diverging gradients included), since every registered optimizer runs there.
/// </summary>
[Optimizer("step-wide-probe", Description = "every step-wide reduction of the spec language, for the runtime tests")]
[Hyperparameter("lr", 1.0, Min = 0, Description = "learning rate")]
[State("total")]
[State("squares")]
[State("largest")]
[State("positive")]
[State("own")]
[Require("global_count(g == 777) == 0", "a gradient of exactly 777 refuses the step")]
[Assign("total", "global_sum(g)")]
[Assign("squares", "global_sumsq(g)")]
[Assign("largest", "global_maxabs(g)")]
[Assign("positive", "global_count(g > 0)")]
[Assign("own", "sum(g)")]
[Update("lr * g")]
public sealed partial class StepWideProbe;
