using SimdOpt.Spec;

namespace SimdOpt.Tests.Kernels.Dispatch;

/// <summary>
/// Seven flags, each choosing between two element-wise terms of the update: seven switches and the gradient scale's,
/// one more than a flat dispatch switch takes, so its kernel dispatches through the generated chain
/// <c>SimdOptDispatch0</c> ... <c>SimdOptDispatch7</c> (no shipped optimizer has more than four switches of its own).
/// A moment makes it stateful.
/// </summary>
[Optimizer("test_seven_flags", Description = "seven switches: the chained dispatch")]
[Hyperparameter("lr", 1e-3, Min = 0, Description = "learning rate")]
[Hyperparameter("beta", 0.9, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the moment")]
[Flag("f0")]
[Flag("f1")]
[Flag("f2")]
[Flag("f3")]
[Flag("f4")]
[Flag("f5")]
[Flag("f6")]
[Moment("m", "beta")]
[Let("u0", "f0 ? g : p")]
[Let("u1", "f1 ? g * g : p * g")]
[Let("u2", "f2 ? sqrt(abs(g)) : abs(p)")]
[Let("u3", "f3 ? max(g, p) : min(g, p)")]
[Let("u4", "f4 ? m : g")]
[Let("u5", "f5 ? sign(g) : sign(p)")]
[Let("u6", "f6 ? m * g : p * p")]
[Update("lr * (u0 + u1 + u2 + u3 + u4 + u5 + u6)")]
public sealed partial class SevenFlags;

/// <summary><see cref="SevenFlags"/> with <c>f6</c> fixed false: six switches, the flat dispatch.</summary>
[Optimizer("test_six_flags_f6_off", Description = "SevenFlags with f6 = false, dispatched flat")]
[Hyperparameter("lr", 1e-3, Min = 0, Description = "learning rate")]
[Hyperparameter("beta", 0.9, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the moment")]
[Flag("f0")]
[Flag("f1")]
[Flag("f2")]
[Flag("f3")]
[Flag("f4")]
[Flag("f5")]
[Moment("m", "beta")]
[Let("u0", "f0 ? g : p")]
[Let("u1", "f1 ? g * g : p * g")]
[Let("u2", "f2 ? sqrt(abs(g)) : abs(p)")]
[Let("u3", "f3 ? max(g, p) : min(g, p)")]
[Let("u4", "f4 ? m : g")]
[Let("u5", "f5 ? sign(g) : sign(p)")]
[Let("u6", "p * p")]
[Update("lr * (u0 + u1 + u2 + u3 + u4 + u5 + u6)")]
public sealed partial class SixFlagsF6Off;

/// <summary><see cref="SevenFlags"/> with <c>f6</c> fixed true: six switches, the flat dispatch.</summary>
[Optimizer("test_six_flags_f6_on", Description = "SevenFlags with f6 = true, dispatched flat")]
[Hyperparameter("lr", 1e-3, Min = 0, Description = "learning rate")]
[Hyperparameter("beta", 0.9, Min = 0, Max = 1, MaxExclusive = true, Description = "decay of the moment")]
[Flag("f0")]
[Flag("f1")]
[Flag("f2")]
[Flag("f3")]
[Flag("f4")]
[Flag("f5")]
[Moment("m", "beta")]
[Let("u0", "f0 ? g : p")]
[Let("u1", "f1 ? g * g : p * g")]
[Let("u2", "f2 ? sqrt(abs(g)) : abs(p)")]
[Let("u3", "f3 ? max(g, p) : min(g, p)")]
[Let("u4", "f4 ? m : g")]
[Let("u5", "f5 ? sign(g) : sign(p)")]
[Let("u6", "m * g")]
[Update("lr * (u0 + u1 + u2 + u3 + u4 + u5 + u6)")]
public sealed partial class SixFlagsF6On;
