using SimdOpt.Kernels.Internal;

namespace SimdOpt.Training;

// The fused step: the read-only pass over the gradients (the work items and order of the clipping norm), then one step
// whose kernels multiply every gradient by the clip coefficient over the loss scale as they load it.
public sealed partial class Optimizer<T>
{
    /// <inheritdoc/>
    public override GradientCheck CheckGradients(double gradientScale = 1)
    {
        T factor = Guard.GradientScale<T>(gradientScale);
        using var call = BeginExclusiveCall();
        return Check(factor);
    }

    /// <inheritdoc/>
    public override void Step(double gradientScale)
    {
        Guard.GradientScale<T>(gradientScale);
        using var call = BeginExclusiveCall();
        StepCore(gradientScale);
    }

    // The unfused sequences they equal, and when, are GradScaler.Step(Optimizer, double)'s and
    // GradientClipping.ClipGradNormAndStep's to state.
    internal override FusedStepResult StepClipped(double inverseScale, double maxNorm, bool skipNonFinite)
    {
        T inverse = T.CreateTruncating(inverseScale);
        using var call = BeginExclusiveCall();
        if (Mode == Kernels.OptimizerMode.Eval) throw Guard.StepInEvalMode(Info.Name);
        var check = Check(inverse);
        if (skipNonFinite && check.FoundNonFinite) return new FusedStepResult(false, check.Norm, 0);
        if (!skipNonFinite && !double.IsFinite(check.Norm)) throw GradientClipping.NonFiniteNorm(check.Norm, 2);
        // torch's clip_coef_clamped, rounded to T as ScaleGradients rounds it; 1 when it would not clip.
        double coefficient = Math.Min(maxNorm / (check.Norm + 1e-6), 1.0);
        T clip = coefficient < 1 ? T.CreateTruncating(coefficient) : T.One;
        // A product of two T values in double, rounded to T once by the plan.
        double scale = double.CreateTruncating(inverse) * double.CreateTruncating(clip);
        StepCore(scale);
        return new FusedStepResult(true, check.Norm, double.CreateTruncating(T.CreateTruncating(scale)));
    }

    // The pass itself, under the caller's exclusive call: one sum of squares per work item on any thread, then the
    // totals in item order. Only an item whose sum is not finite is read again, for a non-finite element (a sum of
    // finite doubles can overflow; of finite floats it cannot).
    private GradientCheck Check(T factor)
    {
        double[] chunks = ComputePartials((Optimizer: this, Factor: factor), static (pass, item) =>
            GradientKernels.SumOfSquares<T>(pass.Optimizer.Gradient(item), pass.Factor, pass.Optimizer.KernelPath))
            .ToArray();
        var groups = new double[Groups.Count];
        bool foundNonFinite = false;
        WorkItem[] items = _partition.Items;
        for (int i = 0; i < chunks.Length; i++)
        {
            groups[_tensors[items[i].Source].Group] += chunks[i];
            if (!foundNonFinite && !double.IsFinite(chunks[i]))
                foundNonFinite = GradientKernels.FindNonFinite<T>(Gradient(i), factor, KernelPath);
        }
        return new GradientCheck(chunks, groups, GradientCheck.Combine(chunks), foundNonFinite);
    }
}
