using System.Collections.Generic;
using System.Linq;
using SimdOpt.Generators.Model;

namespace SimdOpt.Generators.Language;

/// <summary>A reduction function of the language: how it accumulates, how it finishes, and whether its operand is a
/// condition (<c>count</c>) or a number.</summary>
internal sealed record ReductionFunction(string Name, ReductionAccumulator Accumulator, ReductionFinish Finish,
    bool CountsCondition);

/// <summary>
/// The reduction functions, once: the binder reads their names and operands, the emitters how each accumulates and
/// finishes. Each reads one per-element value over the whole tensor being stepped and gives a per-step value.
/// </summary>
internal static class Reductions
{
    /// <summary>Every reduction function, in the order an error message lists them.</summary>
    public static readonly ReductionFunction[] All =
    {
        new("sum", ReductionAccumulator.Sum, ReductionFinish.Total, false),
        new("mean", ReductionAccumulator.Sum, ReductionFinish.Mean, false),
        new("sumsq", ReductionAccumulator.SumOfSquares, ReductionFinish.Total, false),
        new("norm", ReductionAccumulator.SumOfSquares, ReductionFinish.SquareRoot, false),
        new("rms", ReductionAccumulator.SumOfSquares, ReductionFinish.RootMean, false),
        new("maxabs", ReductionAccumulator.MaxAbs, ReductionFinish.Total, false),
        new("count", ReductionAccumulator.Sum, ReductionFinish.Total, true),
    };

    private static readonly Dictionary<string, ReductionFunction> ByName = All.ToDictionary(f => f.Name);

    /// <summary>The most passes a spec may need: each pass is a loop per path in the generated code.</summary>
    public const int MaxPasses = 8;

    /// <summary>The most reductions a spec may declare.</summary>
    public const int MaxReductions = 32;

    /// <summary>The reduction named <paramref name="name"/>, or null.</summary>
    public static ReductionFunction? Find(string name) => ByName.TryGetValue(name, out var f) ? f : null;
}
