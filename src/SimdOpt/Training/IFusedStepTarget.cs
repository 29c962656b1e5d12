namespace SimdOpt.Training;

/// <summary>
/// What the fused unscale, clip and step (<see cref="FusedStep.Run{TTarget}"/>) runs on: the gradients of an
/// optimizer, or a rank's shard of them whose check adds every rank's chunk sums (SimdOpt.Mpi's ShardedOptimizer). The
/// rule — the factor, and when to skip or refuse — lives once, in <see cref="FusedStep"/>; a target only rounds,
/// checks and steps.
/// </summary>
public interface IFusedStepTarget
{
    /// <summary><paramref name="value"/> rounded to the gradients' element type, back in double.</summary>
    /// <param name="value">The value.</param>
    double RoundToElement(double value);

    /// <summary>The L2 norm of every gradient times <paramref name="factor"/> (each product rounded to the element
    /// type) and whether any such product is infinite or NaN, as <see cref="Optimizer.CheckGradients"/> finds them;
    /// nothing is written.</summary>
    /// <param name="factor">The factor, already in the element type.</param>
    (double Norm, bool FoundNonFinite) CheckGradients(double factor);

    /// <summary>Steps with every gradient element multiplied by <paramref name="gradientScale"/> (rounded to the
    /// element type) as the kernels load it, as <see cref="Optimizer.Step(double)"/> does.</summary>
    /// <param name="gradientScale">The factor; finite in the element type.</param>
    void Step(double gradientScale);
}
