namespace SimdOpt.Mpi;

/// <summary>What a <see cref="ShardedOptimizer{T}"/> step found and did; the same on every rank.</summary>
/// <param name="GradientNorm">The global L2 norm of the gradients (after unscaling, before clipping); NaN when the
/// step did not look at the gradients (no clipping, and non-finite steps not skipped).</param>
/// <param name="FoundNonFinite">Whether any gradient (after unscaling) was infinite or NaN; false when the step did not
/// look.</param>
/// <param name="Stepped">Whether the step was taken (false when it was skipped for a non-finite gradient).</param>
public readonly record struct ShardedStepResult(double GradientNorm, bool FoundNonFinite, bool Stepped);
