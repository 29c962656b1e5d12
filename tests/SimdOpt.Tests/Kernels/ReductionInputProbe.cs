using SimdOpt.Spec;

namespace SimdOpt.Tests.Kernels;

/// <summary>
/// Reductions that read an input, so the path, chunk and runtime tests hold the passes to feed it: a norm of a
/// gradient the input changes (through the first pass's statements), a norm whose argument reads the input itself
/// (second pass), and an RMS of a state computed from both (third). The input is read on every eleventh step only, so
/// its span may be empty on the others (the tests that step every optimizer without inputs take at most ten steps, as
/// for Sophia).
/// </summary>
[Optimizer("reduction-input-probe", Description = "reductions over an input, for the kernel tests")]
[Hyperparameter("lr", 0.01, Min = 0, Description = "learning rate")]
[Input("curvature", If = "t % 11 == 0")]
[State("acc")]
[Assign("g", "g * (1 + curvature * curvature)", If = "t % 11 == 0")]
[Let("scale", "norm(g)")]
[Assign("acc", "acc * 0.5 + g / max(1, scale)")]
[Assign("acc", "acc + curvature / (1 + norm(curvature * acc))", If = "t % 11 == 0")]
[Update("lr * acc / (1 + rms(acc - p))")]
public sealed partial class ReductionInputProbe;
