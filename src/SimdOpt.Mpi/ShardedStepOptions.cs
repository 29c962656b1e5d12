using SimdOpt.Training;

namespace SimdOpt.Mpi;

/// <summary>
/// What a <see cref="ShardedOptimizer{T}"/> step does besides the optimizer's update, as one process's fused
/// <c>GradScaler.Step(optimizer, maxNorm)</c> does it: reduce the gradients, find any non-finite unscaled one and the
/// global norm, then skip, or step with every gradient multiplied by the clip coefficient over the loss scale.
/// </summary>
public sealed record ShardedStepOptions
{
    /// <summary>The options of a plain step: the ranks' gradients are the same, no unscaling, no clipping, and a step
    /// with a non-finite gradient is skipped.</summary>
    public static ShardedStepOptions Default { get; } = new();

    /// <summary>Where the gradients come from; <see cref="GradientReduction.None"/> by default.</summary>
    public GradientReduction Reduction { get; init; } = GradientReduction.None;

    /// <summary>What every gradient is multiplied by, in the element type (the inverse of a fixed loss scale); 1 by
    /// default, which leaves the gradients as they are. Leave it at 1 when <see cref="Scaler"/> is set.</summary>
    public double InverseScale { get; init; } = 1;

    /// <summary>The largest global L2 norm of the unscaled gradients, or null (the default) for no clipping: gradients
    /// are multiplied by <c>min(MaxNorm / (norm + 1e-6), 1)</c> as well, as <c>GradientClipping.ClipGradNorm</c>
    /// computes it.</summary>
    public double? MaxNorm { get; init; }

    /// <summary>Whether a step in which any gradient (after unscaling) is infinite or NaN is skipped: nothing is
    /// written on any rank and the step count stays; true by default. When false, a clipping step with a non-finite
    /// norm is refused on every rank (as <c>GradientClipping.ClipGradNormAndStep</c> refuses it), and a step without
    /// clipping goes on unchecked, as <c>Optimizer.Step(gradientScale)</c> does.</summary>
    public bool SkipIfNonFinite { get; init; } = true;

    /// <summary>A dynamic loss scaler that drives the step, as torch's <c>scaler.step(optimizer)</c>: the step
    /// multiplies the gradients by the scaler's inverse scale and records its outcome in the scaler, so
    /// <c>scaler.Update()</c> backs off after a skipped step and grows after clean ones. The non-finite flag is
    /// global, so every rank's scaler takes the same decisions. Null (the default) for none.</summary>
    public GradScaler? Scaler { get; init; }
}
