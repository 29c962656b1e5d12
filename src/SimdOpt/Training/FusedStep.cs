using System.Globalization;

namespace SimdOpt.Training;

/// <summary>
/// The one rule of the fused unscale, clip and step, which <see cref="GradScaler.Step(Optimizer, double)"/>,
/// <see cref="GradientClipping.ClipGradNormAndStep"/> and a distributed optimizer's shards (SimdOpt.Mpi) all run: one
/// read-only check of the unscaled gradients, then a skip, a refusal, or one step whose kernels multiply every gradient
/// by the clip coefficient over the loss scale. No pass writes the gradients.
/// </summary>
public static class FusedStep
{
    /// <summary>
    /// Checks <paramref name="target"/>'s gradients times <paramref name="inverseScale"/> (rounded to the element type)
    /// and, unless a product is infinite or NaN and <paramref name="skipNonFinite"/> is set, steps it with every
    /// gradient multiplied by <c>inverseScale * min(maxNorm / (norm + 1e-6), 1)</c>: torch's clip coefficient, rounded
    /// to the element type as <see cref="GradientClipping.ClipGradNorm"/> rounds it (1 when it would not clip), times
    /// the rounded inverse scale, the product rounded to the element type once by the step.
    /// </summary>
    /// <param name="target">The gradients and the step.</param>
    /// <param name="inverseScale">The inverse of the loss scale (1 without loss scaling); finite and positive.</param>
    /// <param name="maxNorm">The largest norm of the unscaled gradients (zero or positive;
    /// <see cref="double.PositiveInfinity"/> clips nothing).</param>
    /// <param name="skipNonFinite">Skip the step (nothing written) when a product is infinite or NaN; otherwise a
    /// non-finite norm is refused.</param>
    /// <returns>Whether it stepped, the norm before clipping, and the factor applied (0 on a skipped step).</returns>
    /// <typeparam name="TTarget">The target's type (a ref struct holding spans may be one).</typeparam>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inverseScale"/> is not finite and positive in
    /// the element type, or <paramref name="maxNorm"/> is negative or NaN; nothing changes.</exception>
    /// <exception cref="NotFiniteNumberException"><paramref name="skipNonFinite"/> is not set and the norm is
    /// infinite or NaN; nothing changes.</exception>
    public static FusedStepResult Run<TTarget>(TTarget target, double inverseScale, double maxNorm, bool skipNonFinite)
        where TTarget : IFusedStepTarget, allows ref struct
    {
        GradientClipping.EnsureMaxNorm(maxNorm);
        double inverse = target.RoundToElement(inverseScale);
        if (!(double.IsFinite(inverse) && inverse > 0))
            throw new ArgumentOutOfRangeException(nameof(inverseScale), inverseScale,
                "The inverse scale must be finite and positive in the element type, but is "
                + inverseScale.ToString("R", CultureInfo.InvariantCulture) + ".");
        var (norm, foundNonFinite) = target.CheckGradients(inverse);
        if (skipNonFinite && foundNonFinite) return new FusedStepResult(false, norm, 0);
        if (!skipNonFinite && !double.IsFinite(norm)) throw GradientClipping.NonFiniteNorm(norm, 2);
        // torch's clip_coef_clamped, rounded as ScaleGradients rounds it; 1 when it would not clip.
        double coefficient = Math.Min(maxNorm / (norm + 1e-6), 1.0);
        double clip = coefficient < 1 ? target.RoundToElement(coefficient) : 1;
        // A product of two element values in double, rounded to the element type once by the plan.
        double scale = inverse * clip;
        target.Step(scale);
        return new FusedStepResult(true, norm, target.RoundToElement(scale));
    }
}
