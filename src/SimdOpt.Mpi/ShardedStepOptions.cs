namespace SimdOpt.Mpi;

/// <summary>
/// What a <see cref="ShardedOptimizer{T}"/> step does besides the optimizer's update, in this order, as one process's
/// <c>GradScaler.Unscale</c>, <c>GradientClipping.ClipGradNorm</c> and skipped step do: reduce the gradients, unscale
/// them, find any non-finite one and the global norm, skip or clip, step.
/// </summary>
public sealed record ShardedStepOptions
{
    /// <summary>The options of a plain step: the ranks' gradients are the same, no unscaling, no clipping, and a step
    /// with a non-finite gradient is skipped.</summary>
    public static ShardedStepOptions Default { get; } = new();

    /// <summary>Where the gradients come from; <see cref="GradientReduction.None"/> by default.</summary>
    public GradientReduction Reduction { get; init; } = GradientReduction.None;

    /// <summary>What every gradient is multiplied by first, in the element type (the inverse of a loss scale, as
    /// <c>GradScaler.Unscale</c> multiplies); 1 by default, which leaves the gradients as they are.</summary>
    public double InverseScale { get; init; } = 1;

    /// <summary>The largest global L2 norm of the gradients, or null (the default) for no clipping: gradients are
    /// multiplied by <c>min(MaxNorm / (norm + 1e-6), 1)</c>, as <c>GradientClipping.ClipGradNorm</c> does.</summary>
    public double? MaxNorm { get; init; }

    /// <summary>Whether a step in which any gradient (after unscaling) is infinite or NaN is skipped: nothing is
    /// written on any rank and the step count stays; true by default. When false, the step goes on as one process's
    /// unguarded step would.</summary>
    public bool SkipIfNonFinite { get; init; } = true;
}
