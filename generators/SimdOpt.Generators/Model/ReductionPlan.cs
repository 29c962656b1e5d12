namespace SimdOpt.Generators.Model;

/// <summary>How a reduction adds up its elements (each exactly as the runtime's deterministic reduction
/// does).</summary>
internal enum ReductionAccumulator
{
    /// <summary>The sum of the values (a condition counts as 1 where it holds, 0 elsewhere).</summary>
    Sum,

    /// <summary>The sum of the squares of the values, each squared in double.</summary>
    SumOfSquares,

    /// <summary>The largest absolute value (NaN once any element is NaN).</summary>
    MaxAbs,
}

/// <summary>What a reduction does with its accumulated total once every element is in.</summary>
internal enum ReductionFinish
{
    /// <summary>The total itself.</summary>
    Total,

    /// <summary>The total divided by the number of elements.</summary>
    Mean,

    /// <summary>The square root of the total.</summary>
    SquareRoot,

    /// <summary>The square root of the total divided by the number of elements.</summary>
    RootMean,
}

/// <summary>
/// One reduction over the tensor being stepped: <see cref="Operand"/> (per element, hoisted like a loop value) as it
/// stands after the first <see cref="Position"/> loop statements, accumulated in pass <see cref="Pass"/> (1-based),
/// then finished; from stage <see cref="Pass"/> on it is a per-step value.
/// </summary>
internal sealed record ReductionModel(int Index, string Function, ReductionAccumulator Accumulator,
    ReductionFinish Finish, Bound Operand, int Position, int Pass)
{
    /// <summary>Whether the reduction is over every tensor the runtime steps together (a <c>global_</c> one).</summary>
    public bool StepWide { get; init; }

    /// <summary>
    /// The array the operand is as it lies in memory — <see cref="BoundKind.Parameter"/> or
    /// <see cref="BoundKind.Gradient"/> — or null: the operand is the bare p or g, and no statement before the
    /// reduction assigns it. Such an operand is accumulated straight from the array, not stored into a block first
    /// (the same values in the same order, so the same bits); the gradient only while the gradient scale is off,
    /// since the loops see g times the scale.
    /// </summary>
    public BoundKind? DirectArray { get; init; }
}

/// <summary>One read-only pass over the tensor before the final one: the reductions it accumulates and the loop
/// statements (indices into the loop) it recomputes to get their operands, in order.</summary>
internal sealed record PassModel(int Number, EquatableArray<int> Reductions, EquatableArray<int> LoopOps)
{
    /// <summary>The per-step condition, known before any pass, under which the step needs the pass (see
    /// <c>PassDemand</c>); a step where it is false skips the pass.</summary>
    public Bound Needed { get; init; } = Bound.Constant(true);
}

/// <summary>The reductions of a spec and the passes that compute them; the final pass (the loop) comes after
/// them.</summary>
internal sealed record ReductionPlan(EquatableArray<ReductionModel> Reductions, EquatableArray<PassModel> Passes);
