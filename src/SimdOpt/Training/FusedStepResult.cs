namespace SimdOpt.Training;

/// <summary>What a fused unscale, clip and step (<see cref="GradScaler.Step(Optimizer, double)"/>) did.</summary>
/// <param name="Stepped">Whether the optimizer stepped; false when a gradient, once unscaled, was infinite or NaN,
/// and nothing was written.</param>
/// <param name="TotalNorm">The L2 norm of every unscaled gradient together, before clipping (as
/// <see cref="GradientClipping.ClipGradNorm"/> returns it); infinite or NaN on a skipped step.</param>
/// <param name="GradientScale">The factor the step's kernels multiplied every gradient element by: the clip
/// coefficient over the loss scale, rounded to the element type; 0 on a skipped step.</param>
public readonly record struct FusedStepResult(bool Stepped, double TotalNorm, double GradientScale);
