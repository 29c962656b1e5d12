using SimdOpt.Benchmarks.Baselines.Adadelta;
using SimdOpt.Benchmarks.Baselines.Adagrad;
using SimdOpt.Benchmarks.Baselines.Adam;
using SimdOpt.Benchmarks.Baselines.Adamax;
using SimdOpt.Benchmarks.Baselines.Lion;
using SimdOpt.Benchmarks.Baselines.NAdam;
using SimdOpt.Benchmarks.Baselines.RAdam;
using SimdOpt.Benchmarks.Baselines.RmsProp;
using SimdOpt.Benchmarks.Baselines.Rprop;
using SimdOpt.Benchmarks.Baselines.Sgd;

namespace SimdOpt.Benchmarks.Suite;

/// <summary>
/// Every built-in optimizer in the configuration the suite measures: torch's defaults, except SGD and RMSprop with
/// momentum 0.9 (their momentum variants, with one more state buffer).
/// </summary>
public static class OptimizerCases
{
    /// <summary>The eleven built-in optimizers, in the order of the lecture notes and torch.optim.</summary>
    public static IReadOnlyList<OptimizerCase> All { get; } =
    [
        new("sgd", w => new SgdScalarLoop(w), w => new SgdTensorPrimitives(w), w => new SgdHandWrittenVector512(w), null, ("momentum", 0.9)),
        new("adagrad", w => new AdagradScalarLoop(w), w => new AdagradTensorPrimitives(w), null, null),
        new("rmsprop", w => new RmsPropScalarLoop(w), w => new RmsPropTensorPrimitives(w), null, null, ("momentum", 0.9)),
        new("adadelta", w => new AdadeltaScalarLoop(w), w => new AdadeltaTensorPrimitives(w), null, null),
        new("adam", w => new AdamScalarLoop(w, decoupled: false), w => new AdamTensorPrimitives(w, decoupled: false), null, null),
        new("adamw", w => new AdamScalarLoop(w, decoupled: true), w => new AdamTensorPrimitives(w, decoupled: true), w => new AdamHandWrittenVector512(w, decoupled: true),
            w => new AdamHandWrittenVector256(w, decoupled: true)),
        new("adamax", w => new AdamaxScalarLoop(w), w => new AdamaxTensorPrimitives(w), null, null),
        new("nadam", w => new NAdamScalarLoop(w), w => new NAdamTensorPrimitives(w), null, null),
        new("radam", w => new RAdamScalarLoop(w), w => new RAdamTensorPrimitives(w), null, null),
        new("rprop", w => new RpropScalarLoop(w), w => new RpropTensorPrimitives(w), null, null),
        new("lion", w => new LionScalarLoop(w), w => new LionTensorPrimitives(w), null, null),
    ];

    /// <summary>The environment variable that narrows a run to some optimizers: comma-separated registry names, e.g.
    /// <c>adamw,sgd</c>.</summary>
    public const string Variable = "SIMDOPT_BENCH_OPTIMIZERS";

    /// <summary>The optimizers of this run: <see cref="All"/>, unless <see cref="Variable"/> names some.</summary>
    /// <exception cref="KeyNotFoundException"><see cref="Variable"/> names an optimizer the suite does not
    /// have.</exception>
    public static IReadOnlyList<OptimizerCase> Selected =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } names
            ? names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Get).ToArray()
            : All;

    /// <summary>The optimizer named <paramref name="name"/>.</summary>
    /// <param name="name">The registry name.</param>
    /// <exception cref="KeyNotFoundException">The suite has no such optimizer.</exception>
    public static OptimizerCase Get(string name) =>
        All.FirstOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"The suite has no optimizer '{name}'.");
}
