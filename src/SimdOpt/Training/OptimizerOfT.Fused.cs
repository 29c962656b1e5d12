namespace SimdOpt.Training;

// The fused step: the read-only pass over the gradients (the work items and order of the clipping norm), then one step
// whose kernels multiply every gradient by the clip coefficient over the loss scale as they load it.
public sealed partial class Optimizer<T>
{
    private protected override double RoundToElement(double value) =>
        double.CreateTruncating(T.CreateTruncating(value));

    private protected override GradientCheck CheckUnderCall(double factor) => Check(T.CreateTruncating(factor));

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
