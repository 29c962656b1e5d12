using SimdOpt.Kernels;

namespace SimdOpt.Cli.Demo;

/// <summary>
/// The optimizers the demo runs: every one in <see cref="OptimizerRegistry"/>, with the learning rates below (and
/// SGD once more with momentum 0.9, the lecture's Momentum). An optimizer missing from the table still runs, at its
/// registered default learning rate.
/// </summary>
internal static class DemoOptimizers
{
    private sealed record Tuning(string Name, string Label, (string Name, double Value)[] Settings, double SurfaceLr,
        double TrainingLr, string Reason);

    // The learning rates: one per optimizer for all three surfaces (whose gradients reach the hundreds on Rosenbrock
    // and Beale), one for training (the same for BGD, SGD and mini-batch, so only the batch differs).
    private static readonly Tuning[] Tunings =
    [
        new("sgd", "sgd", [], 1e-3, 0.1, "plain gradient descent: larger steps diverge on Rosenbrock's walls"),
        new("sgd", "sgd+momentum", [("momentum", 0.9)], 1e-3, 0.01,
            "the lecture's Momentum: on the surfaces the same lr as sgd, so the picture shows what momentum adds; "
            + "in training 10 times smaller, as momentum 0.9 makes steps about 10 times longer"),
        new("adagrad", "adagrad", [], 0.5, 0.05,
            "the accumulated squares shrink its steps quickly, so it starts large"),
        new("rmsprop", "rmsprop", [], 0.01, 1e-3, "steps of about lr from the first one on"),
        new("adadelta", "adadelta", [], 1.0, 1.0, "the default 1.0: Adadelta derives its own step size"),
        new("adam", "adam", [], 0.05, 1e-2, "steps of about lr"),
        new("adamw", "adamw", [], 0.05, 1e-2, "as Adam; its decoupled weight decay stays at the default"),
        new("adamax", "adamax", [], 0.05, 1e-2, "as Adam"),
        new("nadam", "nadam", [], 0.05, 1e-2, "as Adam"),
        new("radam", "radam", [], 0.005, 1e-2,
            "its first 5 steps are lr times the (averaged) gradient, unnormalised: on Rosenbrock and Beale, "
            + "whose gradients reach the hundreds, a larger lr throws it off the surface"),
        new("rprop", "rprop", [], 0.01, 1e-3, "the initial step size; Rprop grows and shrinks it per element"),
        new("lion", "lion", [], 0.005, 1e-3, "every step moves each coordinate by exactly lr, so lr is small"),
        new("adan", "adan", [], 0.05, 1e-2, "steps of about lr, as Adam"),
        new("adopt", "adopt", [], 0.05, 1e-2, "steps of about lr: the normalised gradient is clipped to (t - 1)^0.333"),
        new("ademamix", "ademamix", [], 0.01, 1e-3,
            "the slow momentum adds up to alpha = 5 times Adam's step, so lr is smaller than Adam's; one example per "
            + "step still overshoots now and then: AdEMAMix is made for long runs on large batches"),
        new("schedulefree_adamw", "schedulefree_adamw", [], 0.05, 1e-2,
            "as Adam: the iterate z takes Adam-sized steps, and the average x the digits are evaluated at trails it"),
        new("schedulefree_sgd", "schedulefree_sgd", [], 1e-3, 0.1,
            "as sgd: the iterate z takes plain gradient steps of lr times the gradient (the reference's default is 1)"),
        new("sophia", "sophia", [("bs", 1)], 0.005, 1e-3,
            "the clip moves each element by at most lr per step, as Lion; bs 1 because the estimate already carries "
            + "its batch size (B times the square of the sampled-label gradient, every 10 steps)"),
    ];

    /// <summary>Every registered optimizer, tuned ones in table order, then any others at their defaults.</summary>
    public static IReadOnlyList<DemoOptimizer> All()
    {
        var registered = OptimizerRegistry.All;
        var result = new List<DemoOptimizer>();
        foreach (var tuning in Tunings)
        {
            var info = registered.FirstOrDefault(i => i.Name == tuning.Name);
            if (info is not null)
                result.Add(new DemoOptimizer(tuning.Label, info, tuning.Settings, tuning.SurfaceLr, tuning.TrainingLr,
                    tuning.Reason));
        }
        foreach (var info in registered.Where(i => Tunings.All(t => t.Name != i.Name)))
            result.Add(new DemoOptimizer(info.Name, info, [], null, null,
                "not in the demo's table: its registered default"));
        return result;
    }
}
