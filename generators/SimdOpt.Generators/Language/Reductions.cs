using System.Collections.Generic;
using System.Linq;
using SimdOpt.Generators.Model;

namespace SimdOpt.Generators.Language;

/// <summary>A reduction function of the language: how it accumulates, how it finishes, and whether its operand is a
/// condition (<c>count</c>) or a number.</summary>
/// <remarks>A step-wide one (<see cref="StepWide"/>, named <c>global_</c> and its tensor-wide twin's name) is the
/// reduction over every tensor the training runtime steps together: the static step of one tensor computes it over
/// that tensor, the runtime adds every tensor's chunks in tensor order before any later pass.</remarks>
internal sealed record ReductionFunction(string Name, ReductionAccumulator Accumulator, ReductionFinish Finish,
    bool CountsCondition, bool StepWide = false);

/// <summary>
/// The reduction functions, once: the binder reads their names and operands, the emitters how each accumulates and
/// finishes. Each reads one per-element value over the whole tensor being stepped and gives a per-step value.
/// </summary>
internal static class Reductions
{
    /// <summary>The prefix that makes a reduction step-wide.</summary>
    public const string StepWidePrefix = "global_";

    // The tensor-wide reductions; each that needs no element count has a step-wide twin.
    private static readonly ReductionFunction[] TensorWide =
    {
        new("sum", ReductionAccumulator.Sum, ReductionFinish.Total, false),
        new("mean", ReductionAccumulator.Sum, ReductionFinish.Mean, false),
        new("sumsq", ReductionAccumulator.SumOfSquares, ReductionFinish.Total, false),
        new("norm", ReductionAccumulator.SumOfSquares, ReductionFinish.SquareRoot, false),
        new("rms", ReductionAccumulator.SumOfSquares, ReductionFinish.RootMean, false),
        new("maxabs", ReductionAccumulator.MaxAbs, ReductionFinish.Total, false),
        new("count", ReductionAccumulator.Sum, ReductionFinish.Total, true),
    };

    /// <summary>Every reduction function, in the order an error message lists them. <c>mean</c> and <c>rms</c> have
    /// no step-wide twin: their element count would be the whole step's, which no tensor's step knows.</summary>
    public static readonly ReductionFunction[] All = TensorWide.Concat(TensorWide
            .Where(f => f.Finish is ReductionFinish.Total or ReductionFinish.SquareRoot)
            .Select(f => f with { Name = StepWidePrefix + f.Name, StepWide = true }))
        .ToArray();

    private static readonly Dictionary<string, ReductionFunction> ByName = All.ToDictionary(f => f.Name);

    /// <summary>The most passes a spec may need: each pass is a loop per path in the generated code.</summary>
    public const int MaxPasses = 8;

    /// <summary>The most reductions a spec may declare.</summary>
    public const int MaxReductions = 32;

    /// <summary>The reduction named <paramref name="name"/>, or null.</summary>
    public static ReductionFunction? Find(string name) => ByName.TryGetValue(name, out var f) ? f : null;
}
