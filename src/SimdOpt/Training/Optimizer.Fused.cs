namespace SimdOpt.Training;

// The fused step's members: one read-only pass over the gradients, and a step whose kernels scale the gradients as
// they load them, so loss scaling and clipping never write the gradients.
public abstract partial class Optimizer
{
    /// <summary>
    /// One read-only pass over every gradient of every group, on up to <see cref="MaxDegreeOfParallelism"/> threads:
    /// the squared L2 norm of <c>g * gradientScale</c> (each product rounded to the element type, as
    /// <see cref="GradScaler.Unscale"/> would leave it) per chunk, per group and in total, and whether any such value
    /// is infinite or NaN. The sums have the same bits for every thread count and path (see
    /// <see cref="GradientCheck"/>).
    /// </summary>
    /// <param name="gradientScale">The factor every element is multiplied by first (a loss scaler's reciprocal scale);
    /// finite in the element type.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gradientScale"/> is not finite in the element
    /// type.</exception>
    /// <exception cref="InvalidOperationException">Another call of this optimizer is running on another
    /// thread.</exception>
    public GradientCheck CheckGradients(double gradientScale = 1)
    {
        double factor = GradientScaleInElement(gradientScale);
        using var call = BeginExclusiveCall();
        return CheckUnderCall(factor);
    }

    /// <summary>
    /// <see cref="Step()"/>, with every gradient element multiplied by <paramref name="gradientScale"/> (rounded to the
    /// element type) as the step's kernels load it, before anything reads it (maximize's negation, weight decay, the
    /// reductions of LAMB and the like): the bits of a step on gradients scaled in place, without writing them.
    /// </summary>
    /// <param name="gradientScale">The factor, finite in the element type; 1 runs the plain step.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gradientScale"/> is not finite in the element
    /// type; nothing changes.</exception>
    /// <exception cref="ArgumentException">A declared rule between a group's hyperparameters fails; nothing
    /// changes.</exception>
    /// <exception cref="InvalidOperationException">Another call of this optimizer is running on another thread; nothing
    /// changes.</exception>
    public void Step(double gradientScale)
    {
        GradientScaleInElement(gradientScale);
        using var call = BeginExclusiveCall();
        StepUnderCall(gradientScale);
    }

    /// <summary>The fused unscale, clip and step of <see cref="GradScaler.Step(Optimizer, double)"/> and
    /// <see cref="GradientClipping.ClipGradNormAndStep"/>, in one exclusive call: a step with a non-finite unscaled
    /// gradient is skipped when <paramref name="skipNonFinite"/> is set, and one whose norm is not finite is refused
    /// otherwise.</summary>
    // The unfused sequences it equals, and when, are GradScaler.Step(Optimizer, double)'s and
    // GradientClipping.ClipGradNormAndStep's to state; the rule itself is FusedStep.Run's.
    internal FusedStepResult StepClipped(double inverseScale, double maxNorm, bool skipNonFinite)
    {
        using var call = BeginExclusiveCall();
        RefuseStepInEvalMode();
        return FusedStep.Run(new UnderCall(this), inverseScale, maxNorm, skipNonFinite);
    }

    // This optimizer as the fused rule's target, under the caller's exclusive call.
    private readonly struct UnderCall(Optimizer optimizer) : IFusedStepTarget
    {
        public double RoundToElement(double value) => optimizer.RoundToElement(value);

        public (double Norm, bool FoundNonFinite) CheckGradients(double factor)
        {
            var check = optimizer.CheckUnderCall(factor);
            return (check.Norm, check.FoundNonFinite);
        }

        public void Step(double gradientScale) => optimizer.StepUnderCall(gradientScale);
    }

    /// <summary><paramref name="value"/> rounded to the element type, back in double.</summary>
    private protected abstract double RoundToElement(double value);

    // A gradient scale rounded to the element type, which must hold it as a finite number.
    private double GradientScaleInElement(double gradientScale) => ElementType == typeof(double)
        ? Kernels.Internal.Guard.GradientScale<double>(gradientScale)
        : Kernels.Internal.Guard.GradientScale<float>(gradientScale);

    /// <summary>The read-only gradient pass of <see cref="CheckGradients"/>, under the caller's exclusive call, with a
    /// factor already in the element type.</summary>
    private protected abstract GradientCheck CheckUnderCall(double factor);
}
